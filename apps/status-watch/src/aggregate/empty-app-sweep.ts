import { rootLogger } from '@appmanager/logging';
import type { AppInstanceStore } from '@appmanager/persistence';
import type { AppAggregator } from './app-aggregator.js';

export interface EmptyAppSweepOptions {
  intervalMs: number;
  /** An app instance without components this long is deleted. */
  deletedAfterMs: number;
  /** Apps handed to the aggregator per sweep; the rest wait for the next one. */
  batchSize?: number;
}

/**
 * "No components for 30 minutes → deleted" needs a fold after the 30 minutes, but an app
 * that lost its last component gets no more component changes to trigger one. This sweep
 * reads, with one indexed range query, the apps empty since before the cutoff and not yet
 * deleted, and hands them to the aggregator: the fold re-counts their components (a
 * component deployed meanwhile wins), moves them to `deleted` by compare-and-set and
 * writes the history row and `instance.health.changed.v1`. Every replica may sweep; the
 * compare-and-set makes one of them record the change.
 */
export class EmptyAppSweep {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  readonly stats = { sweeps: 0, marked: 0 };

  constructor(
    private readonly apps: AppInstanceStore,
    private readonly aggregator: AppAggregator,
    private readonly options: EmptyAppSweepOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep; returns how many apps were handed to the aggregator. */
  async sweep(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const ids = await this.apps.findEmptySince(new Date(now - this.options.deletedAfterMs), this.options.batchSize ?? 1_000);
      for (const id of ids) this.aggregator.markDirty(id);
      this.stats.sweeps++;
      this.stats.marked += ids.length;
      return ids.length;
    } catch (error) {
      rootLogger().warn({ err: error }, 'sweeping empty app instances failed; trying again at the next sweep');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
