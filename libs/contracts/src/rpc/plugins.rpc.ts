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

// ---------------------------------------------------------------------------------------
// Registry management (gateway → plugin-registry). Package archives never travel over
// NATS (1 MiB payload limit): the caller stores the archive in object storage and sends
// its key.

const semverText = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?(\+[0-9A-Za-z-.]+)?$/, 'must be semver (e.g. 1.2.0)');
const pluginCoordinates = z.object({ kind: pluginKindSchema, name: pluginName });

/** One stored version, without its code. */
export const pluginVersionDto = z.object({
  kind: pluginKindSchema,
  name: z.string(),
  version: z.string(),
  description: z.string(),
  contentHash: z.string(),
  active: z.boolean(),
  methods: z.array(z.string()),
  capabilities: z.array(z.string()),
  createdAt: z.string(),
});
export type PluginVersionDto = z.output<typeof pluginVersionDto>;

/** Stores (and compiles) an uploaded package; same content again is a no-op, other content under the same version is a conflict. */
export const uploadPluginRpc = defineRpc(
  'plugin-registry',
  'upload',
  z.object({
    /** Object-storage key of the uploaded tar.gz (`uploads/<uuid>.tgz`); the registry deletes it when done. */
    uploadKey: z.string().min(1).max(500),
    activate: z.boolean().default(false),
  }),
  z.object({ plugin: pluginVersionDto, created: z.boolean(), activated: z.boolean() }),
);

export const pluginSummaryDto = z.object({
  kind: pluginKindSchema,
  name: z.string(),
  description: z.string(),
  activeVersion: z.string().nullable(),
  /** Highest first (semver order). */
  versions: z.array(z.string()),
});
export type PluginSummaryDto = z.output<typeof pluginSummaryDto>;

export const listPluginsRpc = defineRpc(
  'plugin-registry',
  'list',
  z.object({ kind: pluginKindSchema.optional() }),
  z.object({ items: z.array(pluginSummaryDto) }),
);

/** Definition + versions + the active (or newest) version's manifest details. */
export const getPluginRpc = defineRpc(
  'plugin-registry',
  'get',
  pluginCoordinates,
  pluginSummaryDto.extend({
    schema: z.record(z.string(), z.unknown()),
    ui: z.record(z.string(), z.unknown()).optional(),
    appliesTo: z.array(z.string()).optional(),
    stage: z.enum(['pre', 'post']).optional(),
    capabilities: z.array(z.string()),
    details: z.array(pluginVersionDto),
  }),
);

export const listPluginVersionsRpc = defineRpc('plugin-registry', 'versions', pluginCoordinates, z.object({ items: z.array(pluginVersionDto) }));

/** Makes exactly this version active (older ones too: there is no "highest wins"). */
export const activatePluginRpc = defineRpc(
  'plugin-registry',
  'activate',
  pluginCoordinates.extend({ version: semverText }),
  z.object({ kind: pluginKindSchema, name: z.string(), activeVersion: z.string(), previousVersion: z.string().nullable(), changed: z.boolean() }),
);

// Market: packages shared between AppManager installations through a common store.

export const marketEntryDto = z.object({
  kind: pluginKindSchema,
  name: z.string(),
  version: z.string(),
  description: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  key: z.string(),
  publishedAt: z.string(),
});
export type MarketEntryDto = z.output<typeof marketEntryDto>;

export const publishToMarketRpc = defineRpc('plugin-registry', 'market-publish', pluginCoordinates.extend({ version: semverText }), marketEntryDto);

export const listMarketRpc = defineRpc(
  'plugin-registry',
  'market-list',
  z.object({ kind: pluginKindSchema.optional() }),
  z.object({ items: z.array(marketEntryDto) }),
);

export const installFromMarketRpc = defineRpc(
  'plugin-registry',
  'market-install',
  pluginCoordinates.extend({ version: semverText, activate: z.boolean().default(false) }),
  z.object({ plugin: pluginVersionDto, created: z.boolean(), activated: z.boolean(), sha256: z.string() }),
);
