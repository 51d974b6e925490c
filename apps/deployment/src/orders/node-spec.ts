import type { DagEdgeReason, ComponentSpec, TraitSpec, TraitStage } from '@appmanager/oam';

/**
 * What a node row carries in its `spec` column: everything a worker needs to run the
 * node without the Application document (so a job needs one row read), and what the
 * engine needs to advance the DAG from this node without scanning the order.
 */
export interface NodeSpec {
  /** Nodes that wait for this one: advancing after it succeeds looks only at these. */
  successors: string[];
  /** Incoming edges with their reasons, for the graph view. */
  in: Array<{ from: string; reason: DagEdgeReason; output?: string }>;
  componentIndex: number;
  /** Component and trait nodes: the component as written, without its traits. */
  component?: Omit<ComponentSpec, 'traits'>;
  /** The component plugin's name (traits see it as `componentType`). */
  componentType?: string;
  /** Trait nodes. */
  trait?: TraitSpec;
  traitIndex?: number;
  stage?: TraitStage;
  /** Nodes whose published outputs this node's rendering reads. */
  reads?: string[];
  /** Pre-trait node ids of the component, in order (their patches shape the component's properties). */
  preTraits?: string[];
  /** Id of the component node (for trait nodes). */
  componentNode?: string;
  timeoutSeconds?: number;
  /** Component nodes deployed from a package: where its files are (unpacked before launch). */
  package?: { version: string; archiveKey: string; sha256: string; meta: Record<string, unknown> };
}

export const readSpec = (spec: Record<string, unknown> | null): NodeSpec => (spec ?? { successors: [], in: [], componentIndex: 0 }) as unknown as NodeSpec;
