import { Inject, Injectable } from '@nestjs/common';
import type { NodeState } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import { DeployOrderStore, type NodeOrderEntity } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { readSpec } from './node-spec.js';
import { OrderEvents } from './order-events.service.js';
import { orderSummary } from './order-summary.js';

type NodeRow = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'state' | 'attempts' | 'dependsOn' | 'component'> & { spec?: Record<string, unknown> | null };
const notSucceeded: NodeState[] = ['failed', 'skipped', 'terminated'];

/**
 * Moves an order forward. Whoever finishes a node advances the DAG: the worker that
 * saw a node succeed reads only that node's dependants (and their other predecessors),
 * queues the ones now ready and enqueues their jobs at once. Gates have no plugin: they
 * are settled inline by whoever makes them ready. Every move is a compare-and-set, so
 * two finishers, a redelivered job or the reconciler racing here is harmless — at worst
 * a job is enqueued twice under the same id and BullMQ keeps one.
 */
@Injectable()
export class DagAdvancer {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  /** Hot path, after `finished` succeeded: only its successors are looked at. */
  async afterSuccess(orderId: string, finishedId: string, successors: string[]): Promise<void> {
    if (successors.length === 0) return this.closeIfDone(orderId);
    const known = new Map<string, NodeState>([[finishedId, 'succeeded']]);
    let frontier = successors;
    while (frontier.length > 0) {
      const rows = await this.orders.nodeStates(orderId, frontier);
      for (const row of rows) known.set(row.nodeId, row.state);
      const unknownPreds = [...new Set(rows.filter((r) => r.state === 'pending').flatMap((r) => r.dependsOn))].filter((id) => !known.has(id));
      for (const pred of await this.orders.nodeStates(orderId, unknownPreds)) known.set(pred.nodeId, pred.state);
      const ready = rows.filter((r) => r.state === 'pending' && r.dependsOn.every((d) => known.get(d) === 'succeeded'));
      if (rows.some((r) => r.state === 'pending' && r.dependsOn.some((d) => notSucceeded.includes(known.get(d)!)))) {
        // A dependant also waits on a node that did not succeed: the slow path skips it and settles the order.
        await this.fullAdvance(orderId);
        return;
      }
      const settledGates = await this.start(orderId, ready);
      for (const gate of settledGates) known.set(gate.nodeId, 'succeeded');
      frontier = settledGates.flatMap((g) => readSpec(g.spec ?? null).successors);
    }
  }

  /**
   * Slow path (order creation, retry, a failure, the reconciler): reads every node,
   * skips what sits behind a node that did not succeed, settles ready gates, queues the
   * ready nodes, and closes the order when nothing is left to run.
   */
  async fullAdvance(orderId: string): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      const nodes = await this.orders.nodes(orderId);
      const state = new Map(nodes.map((n) => [n.nodeId, n.state]));
      const skip: Array<{ node: NodeOrderEntity; because: string }> = [];
      const ready: NodeOrderEntity[] = [];
      for (const node of nodes) {
        if (node.state !== 'pending') continue;
        const blocker = node.dependsOn.find((d) => notSucceeded.includes(state.get(d)!));
        if (blocker) skip.push({ node, because: blocker });
        else if (node.dependsOn.every((d) => state.get(d) === 'succeeded')) ready.push(node);
      }
      for (const { node, because } of skip) {
        const message = `skipped: ${because} ${state.get(because)}`;
        if (await this.orders.transitionNode(orderId, node.nodeId, ['pending'], { state: 'skipped', message, finishedAt: new Date() })) {
          this.events.node({ ...node, state: 'skipped', message });
        }
      }
      const gates = await this.start(orderId, ready);
      if (skip.length === 0 && gates.length === 0) break;
    }
    await this.closeIfDone(orderId);
  }

  /** Ready nodes: gates succeed here and are returned (their successors may be ready now); the rest are queued and enqueued. */
  private async start(orderId: string, ready: NodeRow[]): Promise<NodeRow[]> {
    const work = ready.filter((n) => n.kind !== 'gate');
    const now = new Date();
    if (work.length > 0) {
      await this.orders.transitionNodes(orderId, work.map((n) => n.nodeId), ['pending'], { state: 'queued', queuedAt: now });
      await this.enqueuer.enqueue(work.map((n) => ({ orderId, nodeId: n.nodeId, attempt: n.attempts + 1 })));
      for (const n of work) this.events.node({ orderId, nodeId: n.nodeId, component: n.component, kind: n.kind, state: 'queued', attempts: n.attempts + 1 });
    }
    const gates = ready.filter((n) => n.kind === 'gate');
    const won = await Promise.all(
      gates.map((g) =>
        this.orders.transitionNode(orderId, g.nodeId, ['pending'], {
          state: 'succeeded',
          attempts: g.attempts + 1,
          queuedAt: now,
          startedAt: now,
          finishedAt: now,
          message: 'inputs and dependencies ready',
        }),
      ),
    );
    const settled = gates.filter((_, i) => won[i]);
    for (const g of settled) this.events.node({ orderId, nodeId: g.nodeId, component: g.component, kind: 'gate', state: 'succeeded', attempts: g.attempts + 1 });
    return settled;
  }

  /** When no node is left to run: succeeded, or failed with one sentence naming the node and why. Frees the target. */
  async closeIfDone(orderId: string): Promise<void> {
    if ((await this.orders.unfinishedCount(orderId)) > 0) return;
    const nodes = await this.orders.nodes(orderId);
    const failed = nodes.some((n) => n.state === 'failed');
    const state = failed ? 'failed' : 'succeeded';
    const summary = orderSummary(nodes);
    if (await this.orders.transitionOrder(orderId, ['running'], { state, summary, finishedAt: new Date(), activeTarget: null })) {
      const order = await this.orders.findOrder(orderId);
      rootLogger().info({ orderId, state }, summary);
      await this.events.order(orderId, order?.app ?? '', state, summary);
    }
  }
}
