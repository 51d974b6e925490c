import type { NodeState } from '@appmanager/contracts';
import type { NodeOrderEntity } from '@appmanager/persistence';

type FailedNode = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'state' | 'attempts' | 'plugin' | 'type' | 'error' | 'message'>;

/** One sentence an operator can act on: which node failed and why, without a server log. */
export function orderSummary(nodes: FailedNode[]): string {
  const counts: Partial<Record<NodeState, number>> = {};
  for (const n of nodes) counts[n.state] = (counts[n.state] ?? 0) + 1;
  return summariseOrder(counts, nodes.filter((n) => n.state === 'failed'));
}

/**
 * The same sentence from the order's state counts and its failed nodes only (in node id
 * order): closing a 2,000-node order must not read and hydrate 2,000 rows.
 */
export function summariseOrder(counts: Partial<Record<NodeState, number>>, failed: FailedNode[]): string {
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  if (failed.length === 0) {
    const terminated = counts.terminated ?? 0;
    return terminated > 0 ? `terminated with ${terminated} node(s) not run` : `all ${total} node(s) succeeded`;
  }
  const first = failed[0]!;
  const skipped = counts.skipped ?? 0;
  const what = first.kind === 'trait' ? 'trait' : 'component';
  const more = failed.length > 1 ? `; ${failed.length - 1} other node(s) failed too` : '';
  const behind = skipped > 0 ? `; ${skipped} dependent node(s) were skipped` : '';
  return `${what} node ${first.nodeId} (${first.plugin ?? first.type}) failed on attempt ${first.attempts}: ${first.error ?? first.message ?? 'no message'}${more}${behind}.`;
}
