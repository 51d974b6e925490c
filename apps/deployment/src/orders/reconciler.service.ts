import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { rootLogger } from '@appmanager/logging';
import { DeployOrderStore } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { DagAdvancer } from './dag-advancer.service.js';
import { engineSettings } from '../engine-settings.js';

/**
 * Redis only carries work; MySQL knows what should be happening. On start and then
 * periodically, for every running order: settle what the last finisher may not have
 * (ready nodes not queued, skips, closing), then make sure each queued, launching or
 * waiting node has a job that will run — re-creating the ones Redis lost (a FLUSH, a
 * crash between a database write and an enqueue). Jobs are idempotent by id and
 * compare-and-set in the worker, so an extra job is harmless.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
  ) {}

  onApplicationBootstrap(): void {
    const settings = engineSettings();
    this.tick();
    this.timer = setInterval(() => this.tick(), settings.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass at a time; a pass still running when the timer fires is not doubled. */
  private tick(): void {
    if (this.running) return;
    this.running = this.reconcileAll()
      .then(() => undefined)
      .catch((error: unknown) => rootLogger().warn({ err: error }, 'reconciler pass failed; next pass retries'))
      .finally(() => (this.running = undefined));
  }

  async reconcileAll(): Promise<{ orders: number; jobs: number }> {
    let jobs = 0;
    const orders = await this.orders.unfinishedOrders();
    for (const order of orders) jobs += await this.reconcileOrder(order.id);
    if (jobs > 0) rootLogger().info({ orders: orders.length, jobs }, 'reconciler re-created lost node jobs');
    return { orders: orders.length, jobs };
  }

  private async reconcileOrder(orderId: string): Promise<number> {
    await this.advancer.fullAdvance(orderId);
    const { launchGraceMs } = engineSettings();
    let added = 0;
    for (const node of await this.orders.nodes(orderId)) {
      if (node.state === 'queued') {
        added += Number(await this.enqueuer.ensure({ orderId, nodeId: node.nodeId, attempt: node.attempts + 1 }));
      } else if (node.state === 'waiting') {
        added += Number(await this.enqueuer.ensure({ orderId, nodeId: node.nodeId, attempt: node.attempts, poll: node.polls }));
      } else if (node.state === 'launching' && node.startedAt && Date.now() - node.startedAt.getTime() > launchGraceMs) {
        // A launch that outlived any plugin call: its worker is gone. The job makes the next worker start a new attempt.
        added += Number(await this.enqueuer.ensure({ orderId, nodeId: node.nodeId, attempt: node.attempts }));
      }
    }
    return added;
  }
}
