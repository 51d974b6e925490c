import { Inject, Injectable } from '@nestjs/common';
import type { NodeState } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import { NodeRunStore, type NodeOrderEntity, type NodePatch } from '@appmanager/persistence';
import { DagAdvancer } from '../orders/dag-advancer.service.js';
import { OrderEvents } from '../orders/order-events.service.js';
import { OrderGraphCache } from '../orders/order-graph.cache.js';

type OutcomePatch = Pick<NodePatch, 'attrs' | 'outputs' | 'result' | 'message'>;

/**
 * The end of a node attempt: one compare-and-set that only the current attempt can win
 * (a terminated node or a newer attempt makes it lose, and then nothing else happens),
 * the event, and the DAG advanced by this worker.
 */
@Injectable()
export class NodeOutcome {
  constructor(
    @Inject(NodeRunStore) private readonly runs: NodeRunStore,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
    @Inject(OrderGraphCache) private readonly graphs: OrderGraphCache,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  async succeed(node: NodeOrderEntity, attempt: number, from: NodeState[], patch: OutcomePatch, guard: { polls?: number } = {}): Promise<boolean> {
    const message = patch.message ?? 'succeeded';
    const graph = await this.graphs.get(node.orderId);
    const finish = {
      from,
      attempts: attempt,
      polls: guard.polls,
      message,
      finishedAt: new Date(),
      attrs: patch.attrs ?? undefined,
      outputs: patch.outputs ?? undefined,
      result: patch.result ?? undefined,
    };
    const candidates = this.advancer.candidatesAfter(node.nodeId, graph);
    if (candidates) {
      // The success write and the start of what it made ready: one transaction, one round trip.
      const started = await this.runs.succeedAndStart(node.orderId, node.nodeId, finish, candidates.level1, candidates.level2);
      if (!started) return false;
      this.events.node({ ...node, state: 'succeeded', attempts: attempt, message });
      await this.advancer.afterStart(node.orderId, node.nodeId, graph, started);
      return true;
    }
    // A deeper gate cascade than two levels: success and the readiness reads in one round trip, the start in another.
    const progress = await this.runs.succeedAndRead(node.orderId, node.nodeId, finish, this.advancer.readSetAfter(node.nodeId, graph));
    if (!progress) return false;
    this.events.node({ ...node, state: 'succeeded', attempts: attempt, message });
    await this.advancer.afterSuccess(node.orderId, node.nodeId, graph, progress);
    return true;
  }

  async fail(node: NodeOrderEntity, attempt: number, error: string, patch: OutcomePatch = {}, guard: { polls?: number } = {}): Promise<boolean> {
    const won = await this.runs.finish(node.orderId, node.nodeId, {
      from: ['launching', 'waiting'],
      attempts: attempt,
      polls: guard.polls,
      state: 'failed',
      message: error,
      error,
      finishedAt: new Date(),
      attrs: patch.attrs ?? undefined,
      outputs: patch.outputs ?? undefined,
      result: patch.result ?? undefined,
    });
    if (!won) return false;
    rootLogger().warn({ orderId: node.orderId, nodeId: node.nodeId, attempt }, `node failed: ${error}`);
    this.events.node({ ...node, state: 'failed', attempts: attempt, message: error, error });
    await this.advancer.fullAdvance(node.orderId);
    return true;
  }
}
