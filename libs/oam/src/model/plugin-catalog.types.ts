import type { TraitStage } from './application.types.js';

/**
 * What validation and DAG building need to know about plugins. The caller (the
 * deployment service, backed by the plugin registry) supplies it; this lib does no I/O.
 * Lookups receive the type exactly as written (`process` or `process@1.2.0`) and return
 * undefined when no such plugin (or version) exists.
 */
export interface PluginRef {
  name: string;
  version: string;
  /** JSON Schema of the plugin's properties; `x-secret: true` marks secret values. */
  schema?: object;
}

export interface TraitPluginRef extends PluginRef {
  /** Component type names (plugin names, without version) the trait may be attached to, or '*'. */
  appliesTo: string[];
  /** Default stage when the Application does not say. */
  stage: TraitStage;
}

export interface PluginCatalog {
  component(type: string): PluginRef | undefined;
  trait(type: string): TraitPluginRef | undefined;
  /** Optional: without it, policy types are not checked here. */
  policy?(type: string): PluginRef | undefined;
  /** Optional: without it, workflow step types are not checked here. */
  workflowStep?(type: string): PluginRef | undefined;
}
