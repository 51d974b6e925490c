import { Inject, Injectable } from '@nestjs/common';
import type { NodeState } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import { DeployOrderStore, NodeRunStore, type NodeOrderEntity, type NodeProgress, type NodeView, type StartCandidate, type SucceedAndStartResult } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { OrderEvents } from './order-events.service.js';
import type { OrderGraph } from './order-graph.cache.js';
import { summariseOrder } from './order-summary.js';

type NodeRow = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'component' | 'attempts'>;
/** What the slow path reads of each node. */
export type AdvanceRow = Pick<NodeView, 'orderId' | 'nodeId' | 'kind' | 'component' | 'state' | 'attempts' | 'dependsOn'>;
const notSucceeded: ReadonlySet<NodeState> = new Set(['failed', 'skipped', 'terminated']);
const unfinishedStates: NodeState[] = ['pending', 'queued', 'launching', 'waiting'];

/**
 * Moves an order forward. Whoever finishes a node advances the DAG: the worker that
 * saw a node succeed reads the state of that node's dependants (and their other
 * predecessors) in one query — the edges come from the order's cached graph — then
 * settles ready gates and queues ready nodes in one compare-and-set UPDATE and enqueues
 * their jobs in one batch. Gates have no plugin: they are settled inline by whoever
 * makes them ready. Two finishers, a redelivered job or the reconciler racing here is
 * harmless — each row moves once, and a job enqueued twice keeps its id (BullMQ keeps one).
 */
@Injectable()
export class DagAdvancer {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeRunStore) private readonly runs: NodeRunStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  /**
   * What deciding readiness after `finishedId` succeeds can need: its successors, the
   * successors of those that are gates (gates settle inline), and all their predecessors.
   * Read in the same round trip as the success write (NodeRunStore.succeedAndRead).
   */
  readSetAfter(finishedId: string, graph: OrderGraph): string[] {
    const wanted = new Set<string>();
    const want = (id: string): void => {
      wanted.add(id);
      for (const pred of graph.get(id)?.dependsOn ?? []) wanted.add(pred);
    };
    for (const id of graph.get(finishedId)?.parsed.successors ?? []) {
      want(id);
      if (graph.get(id)?.kind === 'gate') for (const next of graph.get(id)!.parsed.successors) want(next);
    }
    wanted.delete(finishedId);
    return [...wanted];
  }

  /**
   * The dependants a success can start, for NodeRunStore.succeedAndStart (success and start
   * in one transaction): level 1 the node's successors, level 2 the successors of the gates
   * among them. Undefined when the graph needs a deeper cascade (a gate behind a gate):
   * then the read-then-start path (readSetAfter / afterSuccess) handles it.
   */
  candidatesAfter(finishedId: string, graph: OrderGraph): { level1: StartCandidate[]; level2: StartCandidate[] } | undefined {
    const level1: StartCandidate[] = [];
    const level2 = new Map<string, StartCandidate>();
    for (const id of graph.get(finishedId)?.parsed.successors ?? []) {
      const node = graph.get(id);
      if (!node) return undefined;
      level1.push({ nodeId: id, gate: node.kind === 'gate', dependsOn: node.dependsOn });
      if (node.kind !== 'gate') continue;
      for (const nextId of node.parsed.successors) {
        const next = graph.get(nextId);
        if (!next || next.kind === 'gate') return undefined;
        level2.set(nextId, { nodeId: nextId, gate: false, dependsOn: next.dependsOn });
      }
    }
    return { level1, level2: [...level2.values()] };
  }

  /** Hot path, after succeedAndStart: the started nodes' jobs in one batch, gate events, and the slow path only if a dependant is blocked. */
  async afterStart(orderId: string, finishedId: string, graph: OrderGraph, result: SucceedAndStartResult): Promise<void> {
    if ((graph.get(finishedId)?.parsed.successors.length ?? 0) === 0) return this.closeIfDone(orderId);
    const work = result.started.filter((n) => n.state === 'queued');
    await this.enqueuer.enqueue(work.map((n) => ({ orderId, nodeId: n.nodeId, attempt: n.attempts + 1 })));
    for (const g of result.started) {
      if (g.state !== 'succeeded') continue;
      this.events.node({ orderId, nodeId: g.nodeId, component: graph.get(g.nodeId)?.component ?? '', kind: 'gate', state: 'succeeded', attempts: g.attempts });
    }
    if (result.blocked) await this.fullAdvance(orderId);
  }

  /** Hot path, after `finishedId` succeeded: `progress` holds the rows named by readSetAfter. */
  async afterSuccess(orderId: string, finishedId: string, graph: OrderGraph, progress: NodeProgress[]): Promise<void> {
    const successors = graph.get(finishedId)?.parsed.successors ?? [];
    if (successors.length === 0) return this.closeIfDone(orderId);
    const known = new Map<string, { state: NodeState; attempts: number }>([[finishedId, { state: 'succeeded', attempts: 0 }]]);
    for (const row of progress) known.set(row.nodeId, row);

    const gates: NodeRow[] = [];
    const work: NodeRow[] = [];
    let frontier = successors;
    while (frontier.length > 0) {
      const missing = frontier.flatMap((id) => [id, ...(graph.get(id)?.dependsOn ?? [])]).filter((id) => !known.has(id));
      for (const row of await this.runs.progress(orderId, [...new Set(missing)])) known.set(row.nodeId, row);
      const next: string[] = [];
      for (const id of frontier) {
        const node = graph.get(id);
        const row = known.get(id);
        if (!node || row?.state !== 'pending') continue;
        const preds = node.dependsOn.map((d) => known.get(d)?.state);
        // A dependant also waits on a node that did not succeed: the slow path skips it and settles the order.
        if (preds.some((s) => s !== undefined && notSucceeded.has(s))) return this.fullAdvance(orderId);
        if (!preds.every((s) => s === 'succeeded')) continue;
        const ready = { nodeId: id, kind: node.kind, component: node.component, attempts: row.attempts };
        if (node.kind === 'gate') {
          gates.push(ready);
          known.set(id, { state: 'succeeded', attempts: row.attempts + 1 });
          next.push(...node.parsed.successors);
        } else {
          work.push(ready);
          known.set(id, { state: 'queued', attempts: row.attempts });
        }
      }
      frontier = next;
    }
    await this.start(orderId, gates, work);
  }

  /**
   * Slow path (order creation, retry, a failure, the reconciler): reads every node once,
   * skips what sits behind a node that did not succeed, settles ready gates and queues
   * the nodes behind them (in memory, to a fixed point), writes that in one statement,
   * and closes the order when nothing is left to run. `planned`: the nodes of an order
   * just created (all pending), so creating a large order does not read back what it wrote.
   */
  async fullAdvance(orderId: string, planned?: AdvanceRow[]): Promise<void> {
    const nodes = planned ?? (await this.orders.nodeViews(orderId));
    const state = new Map(nodes.map((n) => [n.nodeId, n.state]));
    const gates: NodeRow[] = [];
    const work: NodeRow[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const node of nodes) {
        if (state.get(node.nodeId) !== 'pending') continue;
        const blocker = node.dependsOn.find((d) => notSucceeded.has(state.get(d)!));
        if (blocker) {
          const message = `skipped: ${blocker} ${state.get(blocker)}`;
          state.set(node.nodeId, 'skipped');
          changed = true;
          if (await this.orders.transitionNode(orderId, node.nodeId, ['pending'], { state: 'skipped', message, finishedAt: new Date() })) {
            this.events.node({ ...node, state: 'skipped', message });
          }
        } else if (node.dependsOn.every((d) => state.get(d) === 'succeeded')) {
          changed = true;
          if (node.kind === 'gate') {
            state.set(node.nodeId, 'succeeded');
            gates.push(node);
          } else {
            state.set(node.nodeId, 'queued');
            work.push(node);
          }
        }
      }
    }
    await this.start(orderId, gates, work);
    await this.closeIfDone(orderId);
  }

  /** Gates succeed and the other ready nodes become queued in one statement; then their jobs, in one batch. */
  private async start(orderId: string, gates: NodeRow[], work: NodeRow[]): Promise<void> {
    if (gates.length + work.length === 0) return;
    await this.runs.start(
      orderId,
      gates.map((g) => g.nodeId),
      work.map((n) => n.nodeId),
      new Date(),
    );
    await this.enqueuer.enqueue(work.map((n) => ({ orderId, nodeId: n.nodeId, attempt: n.attempts + 1 })));
    // Gates succeeding are published like any node; `queued` is not (MySQL and the graph view have it).
    for (const g of gates) this.events.node({ orderId, nodeId: g.nodeId, component: g.component, kind: 'gate', state: 'succeeded', attempts: g.attempts + 1 });
  }

  /**
   * When no node is left to run: succeeded, or failed with one sentence naming the node and
   * why. Frees the target. Several sinks finishing together may all get here; they read
   * state counts (an index range) and the failed rows only, and one of them wins the close.
   */
  async closeIfDone(orderId: string): Promise<void> {
    if (await this.runs.anyUnfinished(orderId)) return;
    const counts = await this.orders.stateCounts(orderId);
    if (unfinishedStates.some((s) => (counts[s] ?? 0) > 0)) return;
    const failedNodes = (counts.failed ?? 0) > 0 ? await this.orders.nodesInState(orderId, ['failed']) : [];
    const state = failedNodes.length > 0 ? 'failed' : 'succeeded';
    const summary = summariseOrder(counts, failedNodes);
    if (await this.orders.transitionOrder(orderId, ['running'], { state, summary, finishedAt: new Date(), activeTarget: null })) {
      const order = await this.orders.findOrder(orderId);
      rootLogger().info({ orderId, state }, summary);
      await this.events.order(orderId, order?.app ?? '', state, summary);
    }
  }
}
