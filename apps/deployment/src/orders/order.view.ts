import type { DeployOrderDto, NodeOrderDto } from '@appmanager/contracts';
import type { DeployOrderEntity, NodeOrderEntity } from '@appmanager/persistence';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const duration = (from: Date | null, to: Date | null): number | null => (from && to ? to.getTime() - from.getTime() : null);

export const toNodeDto = (n: NodeOrderEntity): NodeOrderDto => ({
  id: n.nodeId,
  kind: n.kind,
  component: n.component,
  type: n.type,
  state: n.state,
  attempts: n.attempts,
  queuedAt: iso(n.queuedAt),
  startedAt: iso(n.startedAt),
  finishedAt: iso(n.finishedAt),
  durationMs: duration(n.startedAt, n.finishedAt),
  message: n.message,
  error: n.error,
  outputs: n.outputs,
});

export function toOrderDto(o: DeployOrderEntity, nodes: NodeOrderEntity[]): DeployOrderDto {
  return { ...toOrderSummary(o), nodes: nodes.map(toNodeDto) };
}

export function toOrderSummary(o: DeployOrderEntity): Omit<DeployOrderDto, 'nodes'> {
  return {
    id: o.id,
    app: o.app,
    revision: o.revision,
    target: { cluster: o.cluster, namespace: o.namespace, stage: o.stage },
    state: o.state,
    summary: o.summary,
    createdAt: o.createdAt.toISOString(),
    startedAt: iso(o.startedAt),
    finishedAt: iso(o.finishedAt),
    durationMs: duration(o.startedAt, o.finishedAt),
  };
}
