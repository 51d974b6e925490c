/**
 * The Application as users write it (KubeVela's `core.oam.dev/v1beta1` shape, with
 * SREWorks-style data passing). See docs/design/APPLICATION.md.
 * These types describe a document that `validateApplication` has accepted.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Properties = Record<string, unknown>;

export interface Application {
  apiVersion: 'core.oam.dev/v1beta1';
  kind: 'Application';
  metadata: ApplicationMetadata;
  spec: ApplicationSpec;
}

export interface ApplicationMetadata {
  /** DNS-1123 label, unique per namespace. */
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ApplicationSpec {
  /** Global values that `${{ parameters.X }}` reads. */
  parameters?: Properties;
  components: ComponentSpec[];
  policies?: PolicySpec[];
  workflow?: WorkflowSpec;
}

/** Publishes a value from the node's result outputs under an app-wide unique name. */
export interface OutputSpec {
  name: string;
  /** Path into the node's result outputs (e.g. `url`). */
  valueFrom: string;
}

/** Reads an output into the receiver's properties at a dotted path (created if missing). */
export interface InputSpec {
  from: string;
  parameterKey: string;
}

export type TraitStage = 'pre' | 'post';

export interface ComponentSpec {
  /** DNS-1123 label, unique in the app. */
  name: string;
  /** Component plugin name, optionally pinned: `process@1.2.0`. */
  type: string;
  properties?: Properties;
  dependsOn?: string[];
  inputs?: InputSpec[];
  outputs?: OutputSpec[];
  traits?: TraitSpec[];
  timeoutSeconds?: number;
}

export interface TraitSpec {
  /** Trait plugin name, optionally pinned: `env@1.0.0`. */
  type: string;
  /** Defaults to the trait plugin's stage. */
  stage?: TraitStage;
  properties?: Properties;
  /** Only post-traits produce outputs (pre-traits return a patch of the workload). */
  outputs?: OutputSpec[];
  inputs?: InputSpec[];
}

export interface PolicySpec {
  name: string;
  type: string;
  properties?: Properties;
}

export type WorkflowMode = 'StepByStep' | 'DAG';

export interface WorkflowSpec {
  /** Our short form (`DAG`) or KubeVela's object form (`{steps: DAG, subSteps: StepByStep}`). */
  mode?: WorkflowMode | { steps?: WorkflowMode; subSteps?: WorkflowMode };
  steps?: WorkflowStepSpec[];
}

export interface WorkflowStepSpec {
  name: string;
  type: string;
  properties?: Properties;
  dependsOn?: string[];
  inputs?: InputSpec[];
  outputs?: OutputSpec[];
  timeoutSeconds?: number;
  /** KubeVela step fields we carry through untouched (if, timeout, meta, subSteps…). */
  [key: string]: unknown;
}
