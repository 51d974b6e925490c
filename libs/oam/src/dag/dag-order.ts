import { DomainError } from '@appmanager/contracts';
import type { Dag, DagNode } from './dag.types.js';
import { findCycles } from './find-cycles.js';

/** Node ids so that every node comes after its predecessors; ties keep the DAG's node order. */
export function topologicalOrder(dag: Dag): string[] {
  const indegree = new Map(dag.nodes.map((node) => [node.id, node.predecessors.length]));
  const successors = new Map<string, string[]>(dag.nodes.map((node) => [node.id, []]));
  for (const node of dag.nodes) for (const from of node.predecessors) successors.get(from)!.push(node.id);
  const order = dag.nodes.filter((node) => node.predecessors.length === 0).map((node) => node.id);
  for (let head = 0; head < order.length; head++) {
    for (const next of successors.get(order[head]!)!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  if (order.length !== dag.nodes.length) {
    const cycle = findCycles(dag)[0];
    throw new DomainError('validation_failed', `the deployment graph has a ${cycle?.text ?? 'cycle'}`);
  }
  return order;
}

/**
 * Nodes that may run now: not yet succeeded, and every predecessor succeeded. The caller
 * leaves out nodes it already queued or that failed.
 */
export function readyNodes(dag: Dag, succeededIds: Iterable<string>): DagNode[] {
  const succeeded = succeededIds instanceof Set ? (succeededIds as ReadonlySet<string>) : new Set(succeededIds);
  return dag.nodes.filter((node) => !succeeded.has(node.id) && node.predecessors.every((id) => succeeded.has(id)));
}
