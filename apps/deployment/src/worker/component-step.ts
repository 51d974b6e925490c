import { Inject, Injectable } from '@nestjs/common';
import type { DeploymentNodeJobData } from '@appmanager/contracts';
import { DeployOrderStore, type NodeOrderEntity } from '@appmanager/persistence';
import type { ComponentStatus } from '@appmanager/plugin-sdk';
import type { ObjectStore } from '@appmanager/artifacts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { readSpec } from '../orders/node-spec.js';
import { OrderEvents } from '../orders/order-events.service.js';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { pollDelayMs } from '../queue/node-job.options.js';
import { engineSettings } from '../engine-settings.js';
import { NODE_PLUGIN_HOST, pluginTarget, type NodePluginHost, type NodePluginTarget } from './node-plugin-host.js';
import { NodeOutcome } from './node-outcome.service.js';
import type { OrderFacts } from './order-facts.cache.js';
import { describeFailure } from './plugin-failure.js';
import { publish, renderComponentProperties } from './render-node.js';
import { withPackagedFiles } from './packaged-files.js';

type Attrs = Record<string, unknown>;

/**
 * A component node: render properties, `launch` once for this attempt (the key was
 * recorded by the claim, before this call), then `get` — at once, and afterwards by
 * re-enqueueing a delayed poll job, so no worker ever sleeps on a slow component.
 * Each poll job owns one poll number (compare-and-set), so a duplicated job dies out.
 */
@Injectable()
export class ComponentStep {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NODE_PLUGIN_HOST) private readonly plugins: NodePluginHost,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(NodeOutcome) private readonly outcome: NodeOutcome,
    @Inject(OrderEvents) private readonly events: OrderEvents,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  async launch(node: NodeOrderEntity, facts: OrderFacts, attempt: number): Promise<void> {
    const target = pluginTarget('component', node.plugin);
    if (!target) return void (await this.outcome.fail(node, attempt, 'no plugin version was recorded for this node'));
    const spec = readSpec(node.spec);
    let properties: Attrs;
    try {
      const rows = (spec.reads?.length ?? 0) > 0 || (spec.preTraits?.length ?? 0) > 0 ? await this.orders.renderRows(node.orderId, node.component, spec.reads ?? []) : [];
      properties = renderComponentProperties(spec, facts.scope, rows);
    } catch (error) {
      return void (await this.outcome.fail(node, attempt, describeFailure('rendering the properties', error)));
    }
    if (spec.package) {
      try {
        properties = await withPackagedFiles(this.store, spec.package, { app: facts.app, orderId: node.orderId, component: node.component, attempt }, properties);
      } catch (error) {
        return void (await this.outcome.fail(node, attempt, describeFailure(`unpacking package ${spec.package.version}`, error)));
      }
    }
    const request = { app: facts.app, component: node.component, target: facts.target, properties };
    let attrs: Attrs;
    try {
      const launched = await this.call<unknown>(target, 'launch', [{ ...request, nodeOrderId: `${node.orderId}/${node.nodeId}`, attempt }], node, facts);
      attrs = launched !== null && typeof launched === 'object' && !Array.isArray(launched) ? (launched as Attrs) : {};
    } catch (error) {
      return void (await this.outcome.fail(node, attempt, describeFailure('launch', error)));
    }
    await this.check(node, facts, attempt, target, properties, attrs, 0);
  }

  async poll(node: NodeOrderEntity, facts: OrderFacts, job: DeploymentNodeJobData): Promise<void> {
    if (node.state !== 'waiting' || node.attempts !== job.attempt || node.polls !== job.poll) return;
    const target = pluginTarget('component', node.plugin)!;
    await this.check(node, facts, job.attempt, target, (node.result?.properties as Attrs | undefined) ?? {}, node.attrs ?? {}, job.poll);
  }

  private async check(node: NodeOrderEntity, facts: OrderFacts, attempt: number, target: NodePluginTarget, properties: Attrs, attrs: Attrs, poll: number): Promise<void> {
    const from = poll === 0 ? (['launching'] as const) : (['waiting'] as const);
    const guard = { polls: poll };
    let status: ComponentStatus;
    try {
      status = await this.call<ComponentStatus>(target, 'get', [{ app: facts.app, component: node.component, target: facts.target, properties, attrs }], node, facts);
    } catch (error) {
      return void (await this.outcome.fail(node, attempt, describeFailure('get', error), { attrs }, guard));
    }
    const phase = status?.phase;
    if (phase === 'ready') {
      const raw = (status.outputs ?? {}) as Attrs;
      const { published, missing } = publish(readSpec(node.spec).component?.outputs, raw);
      if (missing) return void (await this.outcome.fail(node, attempt, missing, { attrs, outputs: raw }, guard));
      const won = await this.outcome.succeed(node, attempt, [...from], { attrs, outputs: raw, result: { properties, published }, message: status.message ?? 'ready' }, guard);
      if (won) {
        this.events.componentDeployed({
          orderId: facts.id,
          app: facts.app,
          ...facts.target,
          component: node.component,
          plugin: { name: target.name, version: target.version },
          revision: facts.revision,
          outputs: raw,
          attrs,
        });
      }
      return;
    }
    if (phase === 'failed') {
      return void (await this.outcome.fail(node, attempt, `the plugin reports failed: ${status.message ?? 'no message'}`, { attrs }, guard));
    }
    if (phase !== 'pending' && phase !== 'progressing') {
      return void (await this.outcome.fail(node, attempt, `get returned an unknown phase ${JSON.stringify(phase)}`, { attrs }, guard));
    }
    const deadline = node.deadlineAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (Date.now() >= deadline) {
      const seconds = Math.round((deadline - (node.startedAt?.getTime() ?? deadline)) / 1000);
      const last = `${phase}${status.message ? `: ${status.message}` : ''}`;
      return void (await this.outcome.fail(node, attempt, `timed out after ${seconds}s waiting for ${node.component} to be ready (last status ${last})`, { attrs }, guard));
    }
    const next = poll + 1;
    const message = status.message ?? phase;
    const moved = await this.orders.transitionNode(node.orderId, node.nodeId, [...from], { state: 'waiting', attrs, message, polls: next, result: { properties } }, { attempts: attempt, ...guard });
    if (!moved) return;
    if (poll === 0 || message !== node.message) this.events.node({ ...node, state: 'waiting', attempts: attempt, message });
    const delay = Math.min(pollDelayMs(next, engineSettings().pollMaxMs), Math.max(0, deadline - Date.now()));
    await this.enqueuer.enqueue([{ orderId: node.orderId, nodeId: node.nodeId, attempt, poll: next }], delay);
  }

  private call<T>(target: NodePluginTarget, method: string, args: unknown[], node: NodeOrderEntity, facts: OrderFacts): Promise<T> {
    const left = (node.deadlineAt?.getTime() ?? Number.POSITIVE_INFINITY) - Date.now();
    const timeoutMs = Math.max(100, Math.min(engineSettings().pluginCallTimeoutMs, left));
    return this.plugins.call<T>(target, method, args, { timeoutMs, log: { orderId: node.orderId, nodeId: node.nodeId }, scope: { app: facts.app, ...facts.target } });
  }
}
