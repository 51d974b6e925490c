import type { TraitStage } from '../model/application.types.js';

export type DagNodeKind = 'gate' | 'component' | 'trait';

/**
 * One unit of work in a deploy: a gate (waits for C's inputs and dependencies), a trait,
 * or the component itself. Ids are stable and readable: `api#gate`, `api`, `api#trait:0:env`.
 */
export interface DagNode {
  id: string;
  kind: DagNodeKind;
  /** The component this node belongs to, and its index in `spec.components`. */
  component: string;
  componentIndex: number;
  /** For trait nodes: index in the component's `traits` and the effective stage. */
  traitIndex?: number;
  stage?: TraitStage;
  /** The plugin a component or trait node runs, resolved when the DAG was built (recorded so a re-run uses the same code). */
  plugin?: { name: string; version: string };
  /** Ids of the nodes that must succeed first. */
  predecessors: string[];
}

export type DagEdgeReason = 'sequence' | 'output' | 'dependsOn';

export interface DagEdge {
  from: string;
  to: string;
  /** sequence: gate → pre-traits → component → post-traits; output: the target reads an output of `from`; dependsOn. */
  reason: DagEdgeReason;
  /** For `output` edges: the output name read. */
  output?: string;
}

/** Nodes in a stable order (components in spec order, each as gate, pre-traits, component, post-traits). */
export interface Dag {
  nodes: DagNode[];
  edges: DagEdge[];
}
