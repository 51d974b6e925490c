import { z } from 'zod';
import { defineRpc } from './define-rpc.js';
import { defineEvent } from '../events/event-envelope.js';

export const pluginKindSchema = z.enum(['component', 'trait', 'policy', 'workflow-step', 'addon']);
export type PluginKindName = z.output<typeof pluginKindSchema>;

const pluginName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label');

/** What a consumer needs to know about a plugin version without its code (validation, DAG building). */
export const pluginDescriptorDto = z.object({
  kind: pluginKindSchema,
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  /** JSON Schema of the plugin's properties. */
  schema: z.record(z.string(), z.unknown()).optional(),
  /** Traits: component types they apply to ('*' = any). */
  appliesTo: z.array(z.string()).optional(),
  /** Traits: default stage. */
  stage: z.enum(['pre', 'post']).optional(),
  capabilities: z.array(z.string()).default([]),
  /** Component plugins: which optional methods the code exports (build, health, watch). */
  methods: z.array(z.string()).default([]),
  contentHash: z.string(),
});
export type PluginDescriptorDto = z.output<typeof pluginDescriptorDto>;

/** Descriptor plus compiled code: what a plugin host loads into an isolate. */
export const pluginBundleDto = pluginDescriptorDto.extend({
  manifest: z.record(z.string(), z.unknown()),
  code: z.string(),
  sourceMap: z.string().optional(),
});
export type PluginBundleDto = z.output<typeof pluginBundleDto>;

/**
 * The active version (or a pinned one) of one plugin with its compiled code. Hosts
 * cache by (kind, name, version) and refresh on `plugin.activated.v1`.
 */
export const resolvePluginRpc = defineRpc(
  'plugin-registry',
  'resolve',
  z.object({ kind: pluginKindSchema, name: pluginName, version: z.string().optional() }),
  pluginBundleDto,
);

/**
 * Descriptors for many plugins at once (active versions unless pinned), for validating
 * an Application and building its DAG in one round trip. Unknown ones are listed in
 * `missing` rather than failing the call, so the caller can report every one.
 */
export const describePluginsRpc = defineRpc(
  'plugin-registry',
  'describe',
  z.object({ refs: z.array(z.object({ kind: pluginKindSchema, name: pluginName, version: z.string().optional() })).max(5_000) }),
  z.object({
    plugins: z.array(pluginDescriptorDto),
    missing: z.array(z.object({ kind: pluginKindSchema, name: z.string(), version: z.string().optional() })),
  }),
);

/** Every error of a properties object against a plugin's schema, with paths. */
export const validatePluginPropertiesRpc = defineRpc(
  'plugin-registry',
  'validate-properties',
  z.object({ kind: pluginKindSchema, name: pluginName, version: z.string().optional(), properties: z.unknown() }),
  z.object({ valid: z.boolean(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
);

/** A new active version: hosts evict their cache for (kind, name); calls in flight finish on their version. */
export const pluginActivatedEvent = defineEvent(
  'plugin.activated.v1',
  z.object({ kind: pluginKindSchema, name: z.string(), version: z.string(), previousVersion: z.string().nullable() }),
);
