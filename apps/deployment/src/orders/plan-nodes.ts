import type { NewNodeOrder } from '@appmanager/persistence';

interface ComponentLike {
  name: string;
  type: string;
  dependsOn?: unknown;
}

/**
 * Walking-skeleton plan: one node per component, with `dependsOn` edges. The full DAG
 * (gates, traits, data edges) replaces this with the oam DAG builder.
 */
export function planComponentNodes(document: Record<string, unknown>): NewNodeOrder[] {
  const spec = (document.spec ?? {}) as { components?: ComponentLike[] };
  return (spec.components ?? []).map((c) => ({
    nodeId: c.name,
    kind: 'component' as const,
    component: c.name,
    type: c.type,
    dependsOn: Array.isArray(c.dependsOn) ? c.dependsOn.filter((d): d is string => typeof d === 'string') : [],
    spec: { ...c },
  }));
}
