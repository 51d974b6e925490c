import { rootLogger } from '@appmanager/logging';
import type { ComponentInstanceStore } from '@appmanager/persistence';
import type { StatusWatchSettings } from '../settings/status-watch-settings.js';
import type { ClusterModes } from '../watch/cluster-modes.js';
import { checkInterval } from './check-interval.js';
import type { RedisSchedule } from './redis-schedule.js';

/** How often the cheap "was Redis flushed?" probe runs (one EXISTS). */
const markerProbeMs = 2_000;

/**
 * Redis holds the schedule but MySQL holds the truth. On start, whenever the schedule's
 * marker key is gone (Redis flushed or replaced), and whenever the schedule holds fewer
 * ids than MySQL has instances, every instance missing from Redis is put back at its
 * due time (last check + its interval; never checked → now). Idempotent, so replicas
 * may do it at the same time.
 */
export class ScheduleReconciler {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<number> | undefined;
  readonly stats = { rebuilds: 0, restored: 0 };

  constructor(
    private readonly schedule: RedisSchedule,
    private readonly components: ComponentInstanceStore,
    private readonly modes: ClusterModes,
    private readonly settings: StatusWatchSettings,
  ) {}

  async start(): Promise<void> {
    await this.rebuild('start');
    this.timers.push(setInterval(() => void this.probeMarker(), Math.min(markerProbeMs, this.settings.reconcileIntervalMs)));
    this.timers.push(setInterval(() => void this.compareCounts(), this.settings.reconcileIntervalMs));
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Puts back every instance Redis does not know; returns how many were added. */
  rebuild(reason: string): Promise<number> {
    this.running ??= this.doRebuild(reason).finally(() => (this.running = undefined));
    return this.running;
  }

  private async doRebuild(reason: string): Promise<number> {
    const now = Date.now();
    let after = '';
    let restored = 0;
    for (;;) {
      const page = await this.components.schedulePage(after, 1_000);
      if (page.length === 0) break;
      const entries = page.map((row): [string, number] => {
        const interval = checkInterval(this.settings.tiers, this.settings.failedRecheckMs, row.health, row.checks, false);
        return [row.id, row.lastCheckAt ? Math.max(now, row.lastCheckAt.getTime() + interval) : now];
      });
      restored += await this.schedule.restore(entries);
      after = page.at(-1)!.id;
    }
    if (restored === 0) await this.schedule.restore([]);
    this.stats.rebuilds++;
    this.stats.restored += restored;
    if (restored > 0 || reason !== 'start') rootLogger().info({ reason, restored }, `pull schedule rebuilt from MySQL (${reason}): ${restored} instances put back`);
    return restored;
  }

  private async probeMarker(): Promise<void> {
    try {
      if (!(await this.schedule.isBuilt())) await this.rebuild('Redis lost the schedule');
    } catch (error) {
      rootLogger().warn({ err: error }, 'could not probe the pull schedule in Redis');
    }
  }

  private async compareCounts(): Promise<void> {
    try {
      const [scheduled, known] = await Promise.all([this.schedule.size(), this.components.count()]);
      if (scheduled < known) await this.rebuild(`schedule holds ${scheduled} of ${known} instances`);
    } catch (error) {
      rootLogger().warn({ err: error }, 'could not compare the pull schedule with MySQL');
    }
  }
}
