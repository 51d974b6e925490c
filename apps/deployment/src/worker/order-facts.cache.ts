import { Inject, Injectable } from '@nestjs/common';
import { DeployOrderStore } from '@appmanager/persistence';
import type { OrderScope } from './render-node.js';

/** The parts of an order that never change after creation: read once per worker, not once per node. */
export interface OrderFacts {
  id: string;
  app: string;
  revision: number;
  target: { cluster: string; namespace: string; stage: string };
  scope: OrderScope;
}

const MAX_CACHED = 500;

@Injectable()
export class OrderFactsCache {
  private readonly cache = new Map<string, Promise<OrderFacts | undefined>>();

  constructor(@Inject(DeployOrderStore) private readonly orders: DeployOrderStore) {}

  get(orderId: string): Promise<OrderFacts | undefined> {
    let facts = this.cache.get(orderId);
    if (!facts) {
      facts = this.load(orderId);
      facts.then((f) => f ?? this.cache.delete(orderId), () => this.cache.delete(orderId));
      this.cache.set(orderId, facts);
      // Insertion order = age: drop the oldest beyond the bound.
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    }
    return facts;
  }

  private async load(orderId: string): Promise<OrderFacts | undefined> {
    const o = await this.orders.findOrder(orderId);
    if (!o) return undefined;
    const target = { cluster: o.cluster, namespace: o.namespace, stage: o.stage };
    return {
      id: o.id,
      app: o.app,
      revision: o.revision,
      target,
      scope: {
        parameters: o.parameters ?? {},
        context: { appName: o.app, ...target, revision: o.revision, ...(o.packageVersion ? { packageVersion: o.packageVersion } : {}) },
      },
    };
  }
}
