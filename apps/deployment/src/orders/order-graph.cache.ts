import { Inject, Injectable } from '@nestjs/common';
import { NodeRunStore, type NodeShape } from '@appmanager/persistence';
import { readSpec, type NodeSpec } from './node-spec.js';

/** One node's immutable shape with its spec read once. */
export type GraphNode = NodeShape & { parsed: NodeSpec };
export type OrderGraph = ReadonlyMap<string, GraphNode>;

const MAX_CACHED = 32;

/**
 * The immutable part of an order's DAG (kind, plugin, edges, spec of every node), read
 * in one query the first time a process touches the order and kept: a node job then
 * needs no row read before its claim, and advancing after a success knows successors and
 * their predecessors without asking MySQL. Only state lives in MySQL per step. Rows never
 * change these columns after planning (retry resets state only), so the cache cannot go stale.
 */
@Injectable()
export class OrderGraphCache {
  private readonly cache = new Map<string, Promise<OrderGraph>>();

  constructor(@Inject(NodeRunStore) private readonly runs: NodeRunStore) {}

  get(orderId: string): Promise<OrderGraph> {
    let graph = this.cache.get(orderId);
    if (graph) {
      // Most recently used last, so the bound drops the order touched longest ago.
      this.cache.delete(orderId);
      this.cache.set(orderId, graph);
      return graph;
    }
    graph = this.load(orderId);
    graph.then(
      (g) => g.size === 0 && this.cache.delete(orderId),
      () => this.cache.delete(orderId),
    );
    this.cache.set(orderId, graph);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return graph;
  }

  private async load(orderId: string): Promise<OrderGraph> {
    const shapes = await this.runs.shapes(orderId);
    return new Map(shapes.map((s) => [s.nodeId, { ...s, parsed: readSpec(s.spec) }]));
  }
}
