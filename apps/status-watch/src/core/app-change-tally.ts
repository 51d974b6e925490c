/**
 * Bookkeeping of bench:status' watch phase: for a fixed set of apps, when each one's
 * event was sent and when its app-level health change was seen. Like ScriptedProbe it
 * exists for the benchmark (and is tested so its figures can be trusted).
 *
 * Only the measured apps count. The event subscription also sees app changes of other
 * apps (the flip phase's instances keep being detected for a whole slow interval), and
 * counting those once let the bench stop waiting while the last few measured apps were
 * still being folded: they were reported as never updated.
 */
export interface AppChangeSummary {
  /** Event → app change in ms, ascending, for apps changed after their event was sent. */
  latenciesMs: number[];
  /** Apps whose change was seen before their event was sent (a pull check saw the flip first): not the watch path's doing, so no latency. */
  preempted: string[];
  /** Apps whose event was sent and whose change never came. */
  missing: string[];
}

export class AppChangeTally {
  private readonly sentAt = new Map<string, number>();
  private readonly changedAt = new Map<string, number>();
  private readonly preempted = new Set<string>();
  private readonly apps: ReadonlySet<string>;

  constructor(apps: Iterable<string>) {
    this.apps = new Set(apps);
  }

  sent(app: string, at: number): void {
    if (!this.sentAt.has(app) && !this.preempted.has(app)) this.sentAt.set(app, at);
  }

  /** The first app-level change of a measured app; anything else is ignored. */
  changed(app: string, at: number): void {
    if (!this.apps.has(app) || this.changedAt.has(app) || this.preempted.has(app)) return;
    if (this.sentAt.has(app)) this.changedAt.set(app, at);
    else this.preempted.add(app);
  }

  /** Every measured app has been sent and has changed (or was preempted). */
  get complete(): boolean {
    return [...this.apps].every((app) => this.preempted.has(app) || (this.sentAt.has(app) && this.changedAt.has(app)));
  }

  summary(): AppChangeSummary {
    const latenciesMs = [...this.changedAt].map(([app, at]) => at - this.sentAt.get(app)!).sort((a, b) => a - b);
    const missing = [...this.sentAt.keys()].filter((app) => !this.changedAt.has(app));
    return { latenciesMs, preempted: [...this.preempted], missing };
  }
}
