import type { NodeOrderEntity } from '@appmanager/persistence';

/** One sentence an operator can act on: which node failed and why, without a server log. */
export function orderSummary(nodes: Array<Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'state' | 'attempts' | 'plugin' | 'type' | 'error' | 'message'>>): string {
  const failed = nodes.filter((n) => n.state === 'failed');
  if (failed.length === 0) {
    const skipped = nodes.filter((n) => n.state === 'terminated').length;
    return skipped > 0 ? `terminated with ${skipped} node(s) not run` : `all ${nodes.length} node(s) succeeded`;
  }
  const first = failed[0]!;
  const skipped = nodes.filter((n) => n.state === 'skipped').length;
  const what = first.kind === 'trait' ? 'trait' : 'component';
  const more = failed.length > 1 ? `; ${failed.length - 1} other node(s) failed too` : '';
  const behind = skipped > 0 ? `; ${skipped} dependent node(s) were skipped` : '';
  return `${what} node ${first.nodeId} (${first.plugin ?? first.type}) failed on attempt ${first.attempts}: ${first.error ?? first.message ?? 'no message'}${more}${behind}.`;
}
