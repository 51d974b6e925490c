import { instanceHealthChangedEvent, type InstanceHealth } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import type { AppInstanceStore, ComponentInstanceStore, HealthHistoryStore } from '@appmanager/persistence';
import { mapLimit } from '../schedule/map-limit.js';
import { foldAppHealth } from './app-health-fold.js';

export interface AggregatorOptions {
  debounceMs: number;
  maxWaitMs: number;
  emptyAppDeletedAfterMs: number;
  /** Apps folded per query round. */
  batchSize?: number;
  /** Apps written at once within a round. */
  writeConcurrency?: number;
}

interface Pending {
  first: number;
  last: number;
}

/**
 * Folds component health into app health, coalesced: an app marked dirty is folded
 * once it has been quiet for `debounceMs`, or `maxWaitMs` after its first mark, so a
 * burst of component changes gives one app update. One fold runs at a time; apps marked
 * while it runs wait for the next. A lost compare-and-set (another replica folded the
 * same app) marks the app again, so the last fold always sees the last component state.
 */
export class AppAggregator {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  readonly stats = { marks: 0, folds: 0, appChanges: 0 };

  constructor(
    private readonly apps: AppInstanceStore,
    private readonly components: ComponentInstanceStore,
    private readonly history: HealthHistoryStore,
    private readonly events: EventBus,
    private readonly options: AggregatorOptions,
  ) {}

  markDirty(appInstanceId: string, now = Date.now()): void {
    this.stats.marks++;
    const entry = this.pending.get(appInstanceId);
    if (entry) entry.last = now;
    else this.pending.set(appInstanceId, { first: now, last: now });
    this.arm(this.options.debounceMs);
  }

  /** Folds everything pending now (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0 || this.running) {
      if (this.running) await this.running;
      else await this.runFold(true);
    }
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runFold(false);
    }, delayMs);
  }

  private async runFold(all: boolean): Promise<void> {
    if (this.running) return;
    const now = Date.now();
    const ready: string[] = [];
    let nextWake = Infinity;
    for (const [id, p] of this.pending) {
      const dueAt = Math.min(p.last + this.options.debounceMs, p.first + this.options.maxWaitMs);
      if (all || dueAt <= now) ready.push(id);
      else nextWake = Math.min(nextWake, dueAt);
    }
    for (const id of ready) this.pending.delete(id);
    this.running = this.fold(ready).catch((error: unknown) => {
      rootLogger().error({ err: error, apps: ready.length }, 'folding app health failed; retrying');
      for (const id of ready) this.markDirty(id);
    });
    await this.running;
    this.running = undefined;
    if (this.pending.size > 0) {
      const soonest = Math.min(nextWake, ...[...this.pending.values()].map((p) => Math.min(p.last + this.options.debounceMs, p.first + this.options.maxWaitMs)));
      this.arm(Math.max(0, soonest - Date.now()));
    }
  }

  private async fold(ids: string[]): Promise<void> {
    const batch = this.options.batchSize ?? 500;
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch);
      const [apps, counts] = await Promise.all([this.apps.findByIds(chunk), this.components.healthCounts(chunk)]);
      const now = new Date();
      // Apps are independent rows: write several at once, so a burst of many apps is not
      // folded one round trip after another (that serialised the watch path under load).
      await mapLimit(apps, this.options.writeConcurrency ?? 16, async (app) => {
        this.stats.folds++;
        const folded = foldAppHealth(counts.get(app.id) ?? new Map(), app.emptySince, now, this.options.emptyAppDeletedAfterMs);
        const emptySince = folded.componentCount === 0 ? (app.emptySince ?? now) : null;
        if (folded.health === app.health) {
          if (folded.message !== app.message || folded.componentCount !== app.componentCount || emptySince?.getTime() !== app.emptySince?.getTime()) {
            await this.apps.touch(app.id, { message: folded.message, componentCount: folded.componentCount, emptySince }, now);
          }
          return;
        }
        if (!(await this.apps.changeHealth(app.id, app.health, folded, now))) {
          this.markDirty(app.id);
          return;
        }
        this.stats.appChanges++;
        const previous = app.health as InstanceHealth;
        // After the compare-and-set these are independent: one round trip instead of three.
        await Promise.all([
          this.apps.touch(app.id, { message: folded.message, componentCount: folded.componentCount, emptySince }, now),
          this.history.append([{ appInstanceId: app.id, instanceId: app.id, scope: 'app', component: null, health: folded.health, previousHealth: previous, message: folded.message, at: now }]),
          this.events.publish(instanceHealthChangedEvent, {
            scope: 'app',
            id: app.id,
            appInstanceId: app.id,
            app: app.app,
            cluster: app.cluster,
            namespace: app.namespace,
            stage: app.stage,
            component: null,
            health: folded.health,
            previousHealth: previous,
            message: folded.message,
            mode: null,
            changedAt: now.toISOString(),
          }),
        ]);
      });
    }
  }
}
