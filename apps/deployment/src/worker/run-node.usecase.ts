import { Inject, Injectable } from '@nestjs/common';
import type { DeploymentNodeJobData, NodeState } from '@appmanager/contracts';
import { withLogContext } from '@appmanager/logging';
import { DeployOrderStore, type NodeOrderEntity } from '@appmanager/persistence';
import { readSpec } from '../orders/node-spec.js';
import { OrderEvents } from '../orders/order-events.service.js';
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
 */
@Injectable()
export class RunNodeUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
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
    const node = await this.orders.findNode(job.orderId, job.nodeId);
    if (!node) return;
    const facts = await this.facts.get(job.orderId);
    if (!facts) return;
    if (job.poll !== undefined) return this.component.poll(node, facts, job);

    let attempt: number;
    let note: string | null = null;
    if (node.state === 'queued' && node.attempts + 1 === job.attempt) {
      attempt = job.attempt;
    } else if (node.state === 'launching' && node.attempts === job.attempt) {
      attempt = job.attempt + 1;
      note = `attempt ${job.attempt} lost its worker during launch; running attempt ${attempt}`;
    } else {
      return; // already claimed, finished, terminated, or an older attempt's job
    }
    const claimed = await this.claim(node, attempt, note);
    if (!claimed) return;
    if (node.kind === 'gate') await this.outcome.succeed(node, attempt, ['launching'], { message: 'inputs and dependencies ready' }, { polls: 0 });
    else if (node.kind === 'component') await this.component.launch(node, facts, attempt);
    else await this.trait.execute(node, facts, attempt);
  }

  private async claim(node: NodeOrderEntity, attempt: number, note: string | null): Promise<boolean> {
    const from: NodeState = node.state;
    const now = new Date();
    const timeoutSeconds = readSpec(node.spec).timeoutSeconds ?? engineSettings().nodeTimeoutSeconds;
    const patch = {
      state: 'launching' as const,
      attempts: attempt,
      launchKey: `${node.orderId}/${node.nodeId}/${attempt}`,
      startedAt: now,
      finishedAt: null,
      deadlineAt: new Date(now.getTime() + timeoutSeconds * 1000),
      polls: 0,
      attrs: null,
      message: note,
      error: null,
    };
    const won = await this.orders.transitionNode(node.orderId, node.nodeId, [from], patch, { attempts: node.attempts });
    if (!won) return false;
    Object.assign(node, patch);
    this.events.node({ ...node, state: 'launching', attempts: attempt, message: note });
    return true;
  }
}
