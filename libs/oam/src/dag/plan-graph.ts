import type { Application, ComponentSpec, InputSpec, Properties, TraitSpec, TraitStage } from '../model/application.types.js';
import { referencedOutputs } from '../expressions/resolve-value.js';
import type { Dag, DagEdge, DagEdgeReason, DagNode } from './dag.types.js';

export const gateId = (component: string): string => `${component}#gate`;
export const traitId = (component: string, index: number, type: string): string => `${component}#trait:${index}:${type.split('@')[0]}`;

export interface GraphPlugins {
  /** Effective stage of a trait (spec, else plugin default). */
  stageOf(trait: TraitSpec): TraitStage;
  componentPlugin?(component: ComponentSpec): { name: string; version: string } | undefined;
  traitPlugin?(trait: TraitSpec): { name: string; version: string } | undefined;
}

/**
 * Lays out nodes and edges as ARCHITECTURE.md "The deployment DAG" says. Tolerant of
 * references to unknown outputs or components (validation reports those), so that a
 * cycle can be reported together with every other error.
 */
export function planGraph(app: Application, plugins: GraphPlugins): Dag {
  const nodes: DagNode[] = [];
  const byId = new Map<string, DagNode>();
  const edges: DagEdge[] = [];
  const seen = new Set<string>();
  const lastNodeOf = new Map<string, string>();
  const producerOf = new Map<string, string>();

  const addEdge = (from: string, to: string, reason: DagEdgeReason, output?: string): void => {
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(output === undefined ? { from, to, reason } : { from, to, reason, output });
    byId.get(to)!.predecessors.push(from);
  };
  const addNode = (node: Omit<DagNode, 'predecessors'>): DagNode => {
    const full: DagNode = { ...node, predecessors: [] };
    nodes.push(full);
    byId.set(full.id, full);
    return full;
  };

  // Pass 1: nodes, the per-component sequence, and who produces each output.
  const traitNodes: { trait: TraitSpec; id: string }[][] = [];
  app.spec.components.forEach((component, componentIndex) => {
    const name = component.name;
    const base = { component: name, componentIndex };
    if (byId.has(name)) {
      traitNodes.push([]); // a duplicate name: validation reports it; keep the first
      return;
    }
    const gate = addNode({ id: gateId(name), kind: 'gate', ...base });
    const traits = (component.traits ?? []).map((trait, traitIndex) => ({ trait, traitIndex, stage: plugins.stageOf(trait) }));
    const makeTrait = (t: (typeof traits)[number]): DagNode =>
      addNode({
        id: traitId(name, t.traitIndex, t.trait.type),
        kind: 'trait',
        ...base,
        traitIndex: t.traitIndex,
        stage: t.stage,
        ...withPlugin(plugins.traitPlugin?.(t.trait)),
      });
    const pre = traits.filter((t) => t.stage === 'pre').map(makeTrait);
    const self = addNode({ id: name, kind: 'component', ...base, ...withPlugin(plugins.componentPlugin?.(component)) });
    const post = traits.filter((t) => t.stage === 'post').map(makeTrait);
    const sequence = [gate, ...pre, self, ...post];
    for (let i = 1; i < sequence.length; i++) addEdge(sequence[i - 1]!.id, sequence[i]!.id, 'sequence');
    lastNodeOf.set(name, sequence.at(-1)!.id);
    for (const output of component.outputs ?? []) if (!producerOf.has(output.name)) producerOf.set(output.name, self.id);
    const ids: { trait: TraitSpec; id: string }[] = [];
    traits.forEach((t) => {
      const id = traitId(name, t.traitIndex, t.trait.type);
      ids.push({ trait: t.trait, id });
      for (const output of t.trait.outputs ?? []) if (!producerOf.has(output.name)) producerOf.set(output.name, id);
    });
    traitNodes.push(ids);
  });

  // Pass 2: data and dependsOn edges.
  const readEdges = (properties: Properties | undefined, inputs: InputSpec[] | undefined, to: string): void => {
    for (const output of consumedOutputs(properties, inputs)) {
      const producer = producerOf.get(output);
      if (producer !== undefined) addEdge(producer, to, 'output', output);
    }
  };
  app.spec.components.forEach((component, componentIndex) => {
    if (byId.get(component.name)?.componentIndex !== componentIndex) return;
    const gate = gateId(component.name);
    readEdges(component.properties, component.inputs, gate);
    for (const dependency of component.dependsOn ?? []) {
      const last = lastNodeOf.get(dependency);
      if (last !== undefined) addEdge(last, gate, 'dependsOn');
    }
    for (const { trait, id } of traitNodes[componentIndex]!) readEdges(trait.properties, trait.inputs, id);
  });
  return { nodes, edges };
}

function consumedOutputs(properties: Properties | undefined, inputs: InputSpec[] | undefined): string[] {
  const names = new Set<string>(referencedOutputs(properties));
  for (const input of inputs ?? []) names.add(input.from);
  return [...names];
}

const withPlugin = (plugin: { name: string; version: string } | undefined): { plugin?: { name: string; version: string } } =>
  plugin ? { plugin: { name: plugin.name, version: plugin.version } } : {};
