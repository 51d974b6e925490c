import { Inject, Injectable } from '@nestjs/common';
import { nodeChangedEvent, orderChangedEvent, type NodeState } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import { DeployOrderStore, type NodeOrderEntity } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';

const terminal: NodeState[] = ['succeeded', 'failed', 'skipped', 'terminated'];

/**
 * Moves an order forward after one of its nodes finished: queues the dependants whose
 * predecessors have all succeeded, skips the ones behind a failure, and closes the order
 * when every node is terminal. Safe to run twice for the same node (compare-and-set
 * transitions), which is what makes worker crashes and redelivery harmless.
 */
@Injectable()
export class OrderProgressService {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  async advance(orderId: string): Promise<void> {
    const nodes = await this.orders.nodes(orderId);
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const ready: NodeOrderEntity[] = [];
    for (const node of nodes) {
      if (node.state !== 'pending') continue;
      const preds = node.dependsOn.map((id) => byId.get(id));
      if (preds.some((p) => p && (p.state === 'failed' || p.state === 'skipped' || p.state === 'terminated'))) {
        if (await this.orders.transitionNode(orderId, node.nodeId, ['pending'], { state: 'skipped', finishedAt: new Date(), message: 'skipped: a predecessor did not succeed' })) {
          node.state = 'skipped';
          await this.nodeChanged(node);
        }
      } else if (preds.every((p) => p?.state === 'succeeded')) {
        ready.push(node);
      }
    }
    const queued: NodeOrderEntity[] = [];
    for (const node of ready) {
      if (await this.orders.transitionNode(orderId, node.nodeId, ['pending'], { state: 'queued', queuedAt: new Date() })) queued.push(node);
    }
    await this.enqueuer.enqueue(queued.map((n) => ({ orderId, nodeId: n.nodeId, attempt: n.attempts + 1 })));
    // Skipping may have made more nodes terminal; a second pass settles chains of skips.
    if (nodes.some((n) => n.state === 'skipped') && nodes.some((n) => n.state === 'pending')) {
      const again = await this.orders.nodes(orderId);
      if (again.some((n) => n.state === 'pending' && n.dependsOn.some((d) => again.find((x) => x.nodeId === d)?.state === 'skipped'))) {
        return this.advance(orderId);
      }
    }
    await this.closeIfDone(orderId);
  }

  private async closeIfDone(orderId: string): Promise<void> {
    const nodes = await this.orders.nodes(orderId);
    if (!nodes.every((n) => terminal.includes(n.state))) return;
    const failed = nodes.filter((n) => n.state === 'failed');
    const state = failed.length === 0 ? 'succeeded' : 'failed';
    const summary =
      failed.length === 0
        ? `all ${nodes.length} node(s) succeeded`
        : `node ${failed[0]!.nodeId} (${failed[0]!.type}) failed: ${failed[0]!.error ?? 'no message'}` + (failed.length > 1 ? ` (and ${failed.length - 1} more)` : '');
    if (await this.orders.transitionOrder(orderId, ['running'], { state, summary, finishedAt: new Date() })) {
      const order = await this.orders.findOrder(orderId);
      rootLogger().info({ orderId, state }, `deploy order ${state}`);
      await this.events.publish(orderChangedEvent, { orderId, app: order?.app ?? '', state, summary });
    }
  }

  async nodeChanged(node: Pick<NodeOrderEntity, 'orderId' | 'nodeId' | 'component' | 'state' | 'attempts' | 'message'>): Promise<void> {
    await this.events.publish(nodeChangedEvent, {
      orderId: node.orderId,
      nodeId: node.nodeId,
      component: node.component,
      state: node.state,
      attempt: node.attempts,
      message: node.message,
    });
  }
}
