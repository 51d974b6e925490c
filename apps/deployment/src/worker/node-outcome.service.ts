import { Inject, Injectable } from '@nestjs/common';
import type { NodeState } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import { DeployOrderStore, type NodeOrderEntity, type NodePatch } from '@appmanager/persistence';
import { DagAdvancer } from '../orders/dag-advancer.service.js';
import { readSpec } from '../orders/node-spec.js';
import { OrderEvents } from '../orders/order-events.service.js';

/**
 * The end of a node attempt: one compare-and-set that only the current attempt can win
 * (a terminated node or a newer attempt makes it lose, and then nothing else happens),
 * the event, and the DAG advanced by this worker.
 */
@Injectable()
export class NodeOutcome {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  async succeed(node: NodeOrderEntity, attempt: number, from: NodeState[], patch: NodePatch, guard: { polls?: number } = {}): Promise<boolean> {
    const message = patch.message ?? 'succeeded';
    const won = await this.orders.transitionNode(node.orderId, node.nodeId, from, { ...patch, state: 'succeeded', message, error: null, finishedAt: new Date() }, { attempts: attempt, ...guard });
    if (!won) return false;
    this.events.node({ ...node, state: 'succeeded', attempts: attempt, message });
    await this.advancer.afterSuccess(node.orderId, node.nodeId, readSpec(node.spec).successors);
    return true;
  }

  async fail(node: NodeOrderEntity, attempt: number, error: string, patch: NodePatch = {}, guard: { polls?: number } = {}): Promise<boolean> {
    const won = await this.orders.transitionNode(
      node.orderId,
      node.nodeId,
      ['launching', 'waiting'],
      { ...patch, state: 'failed', error, message: error, finishedAt: new Date() },
      { attempts: attempt, ...guard },
    );
    if (!won) return false;
    rootLogger().warn({ orderId: node.orderId, nodeId: node.nodeId, attempt }, `node failed: ${error}`);
    this.events.node({ ...node, state: 'failed', attempts: attempt, message: error, error });
    await this.advancer.fullAdvance(node.orderId);
    return true;
  }
}
