import { Inject, Injectable } from '@nestjs/common';
import type { DeploymentNodeJobData } from '@appmanager/contracts';
import { withLogContext } from '@appmanager/logging';
import { DeployOrderStore, NodeRunStore, type NodeClaim, type NodeOrderEntity } from '@appmanager/persistence';
import { OrderEvents } from '../orders/order-events.service.js';
import { OrderGraphCache, type GraphNode } from '../orders/order-graph.cache.js';
import { engineSettings } from '../engine-settings.js';
import { ComponentStep } from './component-step.js';
import { NodeOutcome } from './node-outcome.service.js';
import { OrderFactsCache } from './order-facts.cache.js';
import { TraitStep } from './trait-step.js';

/**
 * Runs one node job. The claim is a compare-and-set that also records the launch
 * idempotency key (order/node/attempt) BEFORE any plugin call, so:
 * - a duplicate job for a node already claimed finds nothing to do;
 * - a job redelivered because its worker died mid-launch (node still `launching` on
 *   that attempt) cannot know whether `launch` ran, so it starts the NEXT attempt with
 *   a new key — `launch` is called exactly once per attempt, never twice with one key.
 * The usual case costs one statement: the node's immutable shape comes from the order's
 * cached graph and the claim UPDATE names the state and attempt the job expects; only a
 * claim that loses reads the row to tell a stale job from a lost attempt.
 */
@Injectable()
export class RunNodeUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeRunStore) private readonly runs: NodeRunStore,
    @Inject(OrderGraphCache) private readonly graphs: OrderGraphCache,
    @Inject(OrderFactsCache) private readonly facts: OrderFactsCache,
    @Inject(ComponentStep) private readonly component: ComponentStep,
    @Inject(TraitStep) private readonly trait: TraitStep,
    @Inject(NodeOutcome) private readonly outcome: NodeOutcome,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  execute(job: DeploymentNodeJobData): Promise<void> {
    return withLogContext({ orderId: job.orderId, nodeId: job.nodeId, attempt: job.attempt }, () => this.run(job));
  }

  private async run(job: DeploymentNodeJobData): Promise<void> {
    const [facts, graph] = await Promise.all([this.facts.get(job.orderId), this.graphs.get(job.orderId)]);
    const shape = graph.get(job.nodeId);
    if (!facts || !shape) return;
    if (job.poll !== undefined) {
      const row = await this.orders.findNode(job.orderId, job.nodeId);
      return row ? this.component.poll(row, facts, job) : undefined;
    }
    let node = await this.claim(job, shape, { from: 'queued', fromAttempts: job.attempt - 1, attempt: job.attempt, message: null });
    if (!node) {
      const row = await this.orders.findNode(job.orderId, job.nodeId);
      if (row?.state !== 'launching' || row.attempts !== job.attempt) return; // already claimed, finished, terminated, or an older attempt's job
      const attempt = job.attempt + 1;
      const message = `attempt ${job.attempt} lost its worker during launch; running attempt ${attempt}`;
      node = await this.claim(job, shape, { from: 'launching', fromAttempts: job.attempt, attempt, message });
      if (!node) return;
      // `launching` is published only here, where it tells the operator something (a new attempt).
      this.events.node({ ...node, state: 'launching' });
    }
    if (node.kind === 'gate') await this.outcome.succeed(node, node.attempts, ['launching'], { message: 'inputs and dependencies ready' }, { polls: 0 });
    else if (node.kind === 'component') await this.component.launch(node, facts, node.attempts);
    else await this.trait.execute(node, facts, node.attempts);
  }

  /** The claim UPDATE; on a win, the node as it now is in MySQL (built from the cached shape and what was written). */
  private async claim(job: DeploymentNodeJobData, shape: GraphNode, c: Pick<NodeClaim, 'from' | 'fromAttempts' | 'attempt' | 'message'>): Promise<NodeOrderEntity | undefined> {
    const now = new Date();
    const timeoutSeconds = shape.parsed.timeoutSeconds ?? engineSettings().nodeTimeoutSeconds;
    const claim: NodeClaim = { ...c, launchKey: `${job.orderId}/${job.nodeId}/${c.attempt}`, startedAt: now, deadlineAt: new Date(now.getTime() + timeoutSeconds * 1000) };
    if (!(await this.runs.claim(job.orderId, job.nodeId, claim))) return undefined;
    return {
      orderId: job.orderId,
      nodeId: shape.nodeId,
      kind: shape.kind,
      component: shape.component,
      type: shape.type,
      plugin: shape.plugin,
      dependsOn: shape.dependsOn,
      spec: shape.spec,
      state: 'launching',
      attempts: c.attempt,
      launchKey: claim.launchKey,
      startedAt: now,
      finishedAt: null,
      deadlineAt: claim.deadlineAt,
      polls: 0,
      attrs: null,
      outputs: null,
      result: null,
      message: c.message,
      error: null,
      queuedAt: null,
      version: 0,
    };
  }
}
