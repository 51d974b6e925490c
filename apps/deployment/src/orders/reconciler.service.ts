import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicPass } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { DeployOrderStore, NodeRunStore } from '@appmanager/persistence';
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
 *
 * An order whose nodes moved since the previous pass is left alone: its workers are
 * moving it, and a full pass (every node read, Redis asked about each queued one) would
 * only compete with them. Lost work stops an order, so it is reconciled one interval
 * after it stopped moving; on start every running order is reconciled at once.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private passes: PeriodicPass | undefined;
  /** Each running order's progress mark as the previous pass left it. */
  private readonly marks = new Map<string, string>();

  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeRunStore) private readonly runs: NodeRunStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
  ) {}

  onApplicationBootstrap(): void {
    this.passes = new PeriodicPass('deployment reconciler', engineSettings().reconcileIntervalMs, () => this.reconcileAll());
    this.passes.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes?.stop();
  }

  async reconcileAll(): Promise<{ orders: number; jobs: number }> {
    let jobs = 0;
    let reconciled = 0;
    const orders = await this.orders.unfinishedOrders();
    const running = new Set(orders.map((o) => o.id));
    for (const id of this.marks.keys()) if (!running.has(id)) this.marks.delete(id);
    for (const order of orders) {
      const mark = await this.runs.progressMark(order.id);
      const previous = this.marks.get(order.id);
      this.marks.set(order.id, mark);
      if (previous !== undefined && previous !== mark) continue;
      jobs += await this.reconcileOrder(order.id);
      reconciled++;
      // What the pass itself moved is not progress by the workers.
      this.marks.set(order.id, await this.runs.progressMark(order.id));
    }
    if (jobs > 0) rootLogger().info({ orders: reconciled, jobs }, 'reconciler re-created lost node jobs');
    return { orders: reconciled, jobs };
  }

  private async reconcileOrder(orderId: string): Promise<number> {
    await this.advancer.fullAdvance(orderId);
    const { launchGraceMs } = engineSettings();
    let added = 0;
    for (const node of await this.orders.nodeViews(orderId)) {
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
