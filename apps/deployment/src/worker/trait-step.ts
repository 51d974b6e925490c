import { Inject, Injectable } from '@nestjs/common';
import { DeployOrderStore, type NodeOrderEntity } from '@appmanager/persistence';
import type { TraitResult } from '@appmanager/plugin-sdk';
import { readSpec } from '../orders/node-spec.js';
import { engineSettings } from '../engine-settings.js';
import { NODE_PLUGIN_HOST, pluginTarget, type NodePluginHost } from './node-plugin-host.js';
import { NodeOutcome } from './node-outcome.service.js';
import type { OrderFacts } from './order-facts.cache.js';
import { describeFailure } from './plugin-failure.js';
import { publish, renderComponentProperties, renderTraitProperties } from './render-node.js';

type Json = Record<string, unknown>;

/**
 * A trait node runs `execute` once. A pre-trait sees the component's properties as
 * rendered so far and returns a patch (stored; the component and later pre-traits merge
 * it in). A post-trait runs after the component is ready, sees its attrs and outputs,
 * and may publish outputs of its own.
 */
@Injectable()
export class TraitStep {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NODE_PLUGIN_HOST) private readonly plugins: NodePluginHost,
    @Inject(NodeOutcome) private readonly outcome: NodeOutcome,
  ) {}

  async execute(node: NodeOrderEntity, facts: OrderFacts, attempt: number): Promise<void> {
    const target = pluginTarget('trait', node.plugin);
    if (!target) return void (await this.outcome.fail(node, attempt, 'no plugin version was recorded for this node'));
    const spec = readSpec(node.spec);
    let request: Json;
    try {
      const rows = await this.orders.renderRows(node.orderId, node.component, spec.reads ?? []);
      const base = { app: facts.app, component: node.component, componentType: spec.componentType, target: facts.target, properties: renderTraitProperties(spec, facts.scope, rows) };
      if (spec.stage === 'pre') {
        request = { ...base, stage: 'pre', componentProperties: renderComponentProperties(spec, facts.scope, rows, node.nodeId) };
      } else {
        const component = rows.find((r) => r.nodeId === spec.componentNode);
        request = {
          ...base,
          stage: 'post',
          componentProperties: component?.result?.properties ?? {},
          componentAttrs: component?.attrs ?? {},
          componentOutputs: component?.outputs ?? {},
        };
      }
    } catch (error) {
      return void (await this.outcome.fail(node, attempt, describeFailure('rendering the properties', error)));
    }
    let result: TraitResult | undefined;
    try {
      const left = (node.deadlineAt?.getTime() ?? Number.POSITIVE_INFINITY) - Date.now();
      const timeoutMs = Math.max(100, Math.min(engineSettings().pluginCallTimeoutMs, left));
      result = (await this.plugins.call<TraitResult | null>(target, 'execute', [request], { timeoutMs, log: { orderId: node.orderId, nodeId: node.nodeId }, scope: { app: facts.app, ...facts.target } })) ?? undefined;
    } catch (error) {
      return void (await this.outcome.fail(node, attempt, describeFailure('execute', error)));
    }
    if (spec.stage === 'pre') {
      await this.outcome.succeed(node, attempt, ['launching'], { result: { patch: result?.patch ?? {} }, message: 'patch applied' }, { polls: 0 });
      return;
    }
    const raw = (result?.outputs ?? {}) as Json;
    const { published, missing } = publish(spec.trait?.outputs, raw);
    if (missing) return void (await this.outcome.fail(node, attempt, missing, { outputs: raw }));
    await this.outcome.succeed(node, attempt, ['launching'], { outputs: raw, result: { published }, message: 'executed' }, { polls: 0 });
  }
}
