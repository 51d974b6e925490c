import { Inject, Injectable } from '@nestjs/common';
import type { DestroyNodeJobData } from '@appmanager/contracts';
import { DeployOrderStore } from '@appmanager/persistence';
import { engineSettings } from '../engine-settings.js';
import { NODE_PLUGIN_HOST, pluginTarget, type NodePluginHost } from './node-plugin-host.js';
import { OrderFactsCache } from './order-facts.cache.js';
import { describeFailure } from './plugin-failure.js';

/**
 * After terminate: calls `destroy` on a component that had launched, only when its
 * plugin's manifest asks for it (`onTerminate: destroy`); otherwise what it started is
 * left running (an operator may still want it). The node's message says which happened.
 */
@Injectable()
export class DestroyNodeUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(OrderFactsCache) private readonly facts: OrderFactsCache,
    @Inject(NODE_PLUGIN_HOST) private readonly plugins: NodePluginHost,
  ) {}

  async execute(job: DestroyNodeJobData): Promise<void> {
    const node = await this.orders.findNode(job.orderId, job.nodeId);
    const facts = await this.facts.get(job.orderId);
    const target = pluginTarget('component', node?.plugin ?? null);
    if (!node || !facts || !target || node.state !== 'terminated' || node.kind !== 'component') return;
    const manifest = await this.plugins.manifest(target);
    let message: string;
    if (manifest.onTerminate !== 'destroy') {
      message = `terminated by an operator; ${target.name} does not ask for destroy on terminate, so what it started was left as is`;
    } else {
      try {
        const request = { app: facts.app, component: node.component, target: facts.target, properties: node.result?.properties ?? {}, attrs: node.attrs ?? {} };
        await this.plugins.call(target, 'destroy', [request], { timeoutMs: engineSettings().pluginCallTimeoutMs, log: { orderId: node.orderId, nodeId: node.nodeId }, scope: { app: facts.app, ...facts.target } });
        message = 'terminated by an operator; destroyed';
      } catch (error) {
        message = `terminated by an operator; ${describeFailure('destroy', error)}`;
      }
    }
    await this.orders.transitionNode(node.orderId, node.nodeId, ['terminated'], { message });
  }
}
