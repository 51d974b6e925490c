import type { DeployOrderDto, DeploymentGraphDto, NodeOrderDto } from '@appmanager/contracts';
import type { DeployOrderEntity, NodeOrderEntity, NodeView } from '@appmanager/persistence';
import { readSpec } from './node-spec.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const duration = (from: Date | null, to: Date | null): number | null => (from && to ? to.getTime() - from.getTime() : null);

const pluginOf = (n: NodeView): { name: string; version: string } | null => {
  if (!n.plugin) return null;
  const at = n.plugin.lastIndexOf('@');
  return { name: n.plugin.slice(0, at), version: n.plugin.slice(at + 1) };
};

export const toNodeDto = (n: NodeView): NodeOrderDto => ({
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
  plugin: pluginOf(n),
  dependsOn: n.dependsOn,
});

export function toOrderDto(o: DeployOrderEntity, nodes: NodeView[]): DeployOrderDto {
  return { ...toOrderSummary(o), nodes: nodes.map(toNodeDto) };
}

export function toOrderSummary(o: DeployOrderEntity): Omit<DeployOrderDto, 'nodes'> {
  return {
    id: o.id,
    app: o.app,
    revision: o.revision,
    packageVersion: o.packageVersion,
    target: { cluster: o.cluster, namespace: o.namespace, stage: o.stage },
    state: o.state,
    summary: o.summary,
    createdAt: o.createdAt.toISOString(),
    startedAt: iso(o.startedAt),
    finishedAt: iso(o.finishedAt),
    durationMs: duration(o.startedAt, o.finishedAt),
    pluginVersions: o.pluginVersions,
  };
}

/** Nodes and edges with states, in plan order: what a dashboard draws. */
export function toGraphDto(o: DeployOrderEntity, nodes: NodeOrderEntity[]): DeploymentGraphDto {
  return {
    orderId: o.id,
    state: o.state,
    nodes: nodes.map((n) => ({ id: n.nodeId, kind: n.kind, component: n.component, type: n.type, state: n.state, attempts: n.attempts, message: n.message })),
    edges: nodes.flatMap((n) => readSpec(n.spec).in.map((e) => ({ from: e.from, to: n.nodeId, reason: e.reason, ...(e.output ? { output: e.output } : {}) }))),
  };
}
