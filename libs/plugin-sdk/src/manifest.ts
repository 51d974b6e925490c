import type { JsonObject } from './json.js';

export const pluginKinds = ['component', 'trait', 'policy', 'workflow-step', 'addon'] as const;
export type PluginKind = (typeof pluginKinds)[number];

/** Host powers a plugin can ask for; an operator must also grant them before a call sees them. */
export const capabilityNames = ['kubernetes', 'http', 'local-processes', 'artifacts'] as const;
export type CapabilityName = (typeof capabilityNames)[number];

/** Identity of one plugin version: exactly one version per (kind, name) is active at a time. */
export interface PluginRef {
  kind: PluginKind;
  name: string;
  /** A semver version such as `1.4.0`. */
  version: string;
}

/**
 * The manifest shipped in every plugin package. Validation (JSON Schema, semver) belongs
 * to the plugin registry; this is the shape both sides agree on.
 */
export interface PluginManifest extends PluginRef {
  description: string;
  /** Path of the entry script inside the package, e.g. `src/index.ts`. */
  entry: string;
  /** JSON Schema of the properties an application passes to this plugin. */
  schema: JsonObject;
  /** Traits only: the component types this trait may be attached to (`*` for any). */
  appliesTo?: string[];
  /** Traits only: run before the component (`pre`, returns a patch) or after it is ready (`post`). */
  stage?: 'pre' | 'post';
  capabilities?: CapabilityName[];
  /** With the `http` capability: the host names the plugin may reach (`api.example.com`, `*.example.com`). */
  http?: { allow: string[] };
  /** Optional UI form schema for the console. */
  ui?: JsonObject;
  /**
   * Components only: what an operator's terminate does to what this component already
   * launched — `destroy` calls its `destroy`, `keep` (the default) leaves it running.
   */
  onTerminate?: 'destroy' | 'keep';
}
