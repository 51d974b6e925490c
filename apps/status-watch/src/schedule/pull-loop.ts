import { DomainError } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { ComponentInstanceEntity, ComponentInstanceStore } from '@appmanager/persistence';
import type { HealthProbe } from '../health/health-probe.js';
import type { HealthReport } from '../health/health-states.js';
import type { HealthRecorder } from '../health/health-recorder.js';
import type { StatusWatchSettings } from '../settings/status-watch-settings.js';
import type { ClusterModes } from '../watch/cluster-modes.js';
import { checkInterval } from './check-interval.js';
import { mapLimit, sleep, withTimeout } from './map-limit.js';
import type { Claim, RedisSchedule } from './redis-schedule.js';

/**
 * The adaptive pull: claim what is due (atomically, so replicas never double check),
 * call each plugin's `health` with a time limit, record changes, and put every id back
 * with its next due time. A check that throws or times out makes only that instance
 * `unknown` with the error's message; a plugin that no longer exists makes it `failed`.
 */
export class PullLoop {
  private stopped = true;
  private loop: Promise<void> | undefined;
  readonly stats = { checks: 0, claims: 0 };

  constructor(
    private readonly schedule: RedisSchedule,
    private readonly components: ComponentInstanceStore,
    private readonly recorder: HealthRecorder,
    private readonly probe: HealthProbe,
    private readonly modes: ClusterModes,
    private readonly settings: StatusWatchSettings,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /**
   * One round claims everything due. Unless a full batch came back (a backlog: go on at
   * once), the next round starts `idlePollMs` after this one started: at a steady 333
   * checks/s that is ~70 checks per round instead of a few per round, and the per-round
   * cost (claim, one SELECT, one UPDATE, complete) is paid a few times a second rather than
   * hundreds. A check runs at most `idlePollMs` after its due time because of it.
   */
  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        const claim = await this.schedule.claim(started, this.settings.claimBatch, this.settings.leaseMs);
        if (claim.ids.length > 0) {
          this.stats.claims++;
          await this.process(claim);
          if (claim.ids.length >= this.settings.claimBatch) continue;
        }
        await sleep(Math.max(1, started + this.settings.idlePollMs - Date.now()));
      } catch (error) {
        rootLogger().error({ err: error }, 'pull round failed; trying again in 1 s');
        await sleep(1_000);
      }
    }
  }

  private async process(claim: Claim): Promise<void> {
    const rows = await this.components.findByIds(claim.ids);
    const found = new Set(rows.map((r) => r.id));
    const gone = claim.ids.filter((id) => !found.has(id));
    if (gone.length > 0) await this.schedule.remove(gone);
    const unchanged: Array<{ id: string; message: string | null }> = [];
    const next: Array<[string, number]> = [];
    await mapLimit(rows, this.settings.checkConcurrency, async (row) => {
      const report = await this.check(row);
      const at = new Date();
      this.stats.checks++;
      const outcome = await this.recorder.record(row, report, at, { checked: true }).catch((error: unknown) => {
        rootLogger().error({ err: error, instanceId: row.id }, 'recording a health check failed');
        return undefined;
      });
      const recorded = outcome?.recorded === true;
      if (!recorded) unchanged.push({ id: row.id, message: report.message });
      const health = recorded ? outcome.next.health : row.health;
      const checks = recorded ? outcome.next.checks : row.checks + 1;
      const watched = row.mode === 'watch' && this.modes.isWatching(row.cluster);
      next.push([row.id, at.getTime() + checkInterval(this.settings.tiers, this.settings.failedRecheckMs, health, checks, watched)]);
    });
    await this.components.recordUnchanged(unchanged, new Date());
    await this.schedule.complete(claim.token, next);
  }

  private async check(row: ComponentInstanceEntity): Promise<HealthReport> {
    const limit = this.settings.checkTimeoutMs;
    try {
      return await withTimeout(this.probe.health(row, limit), limit + 1_000, `health did not answer within ${limit} ms`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DomainError && error.code === 'not_found' && /no active version|not found|no plugin/i.test(message)) {
        return { health: 'failed', message: `the plugin cannot be run: ${message}` };
      }
      return { health: 'unknown', message: `health check failed: ${message}` };
    }
  }
}
