import type { NewNodeOrder } from '@appmanager/persistence';
import type { Application, Dag, DagNode } from '@appmanager/oam';
import type { NodeSpec } from './node-spec.js';

/**
 * Turns the oam DAG (gate → pre-traits → component → post-traits per component, plus
 * output and dependsOn edges) into node rows. Each row knows its successors, so the
 * engine advances from a finished node by reading only its dependants.
 */
export function planNodes(app: Application, dag: Dag): NewNodeOrder[] {
  const successors = new Map<string, string[]>(dag.nodes.map((n) => [n.id, []]));
  const incoming = new Map<string, NodeSpec['in']>(dag.nodes.map((n) => [n.id, []]));
  for (const edge of dag.edges) {
    successors.get(edge.from)!.push(edge.to);
    incoming.get(edge.to)!.push({ from: edge.from, reason: edge.reason, ...(edge.output ? { output: edge.output } : {}) });
  }
  const producersInto = (id: string): string[] => incoming.get(id)!.filter((e) => e.reason === 'output').map((e) => e.from);
  const byComponent = new Map<string, DagNode[]>();
  for (const node of dag.nodes) byComponent.set(node.component, [...(byComponent.get(node.component) ?? []), node]);

  return dag.nodes.map((node) => {
    const spec: NodeSpec = { successors: successors.get(node.id)!, in: incoming.get(node.id)!, componentIndex: node.componentIndex };
    const component = app.spec.components[node.componentIndex]!;
    let type = 'gate';
    if (node.kind !== 'gate') {
      const { traits: _traits, ...withoutTraits } = component;
      const siblings = byComponent.get(node.component)!;
      const gate = siblings.find((n) => n.kind === 'gate')!;
      const componentReads = producersInto(gate.id);
      spec.component = withoutTraits;
      spec.componentType = siblings.find((n) => n.kind === 'component')?.plugin?.name ?? component.type;
      spec.componentNode = siblings.find((n) => n.kind === 'component')!.id;
      spec.preTraits = siblings.filter((n) => n.kind === 'trait' && n.stage === 'pre').map((n) => n.id);
      spec.timeoutSeconds = component.timeoutSeconds;
      spec.reads = componentReads;
      type = component.type;
      if (node.kind === 'trait') {
        const trait = component.traits![node.traitIndex!]!;
        spec.trait = trait;
        spec.traitIndex = node.traitIndex;
        spec.stage = node.stage;
        spec.reads = [...new Set([...componentReads, ...producersInto(node.id)])];
        type = trait.type;
      }
    }
    return {
      nodeId: node.id,
      kind: node.kind,
      component: node.component,
      type,
      dependsOn: node.predecessors,
      spec: spec as unknown as Record<string, unknown>,
      plugin: node.plugin ? `${node.plugin.name}@${node.plugin.version}` : null,
    };
  });
}
