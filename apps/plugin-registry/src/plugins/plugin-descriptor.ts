import type { PluginBundleDto, PluginDescriptorDto, PluginKindName } from '@appmanager/contracts';
import type { PluginVersionEntity, PluginVersionSummary } from '@appmanager/persistence';

/** What a consumer needs about a version without its code. */
export function toDescriptor(row: PluginVersionSummary): PluginDescriptorDto {
  const m = row.manifest as { description?: string; schema?: Record<string, unknown>; appliesTo?: string[]; stage?: 'pre' | 'post'; capabilities?: string[] };
  return {
    kind: row.kind as PluginKindName,
    name: row.name,
    version: row.version,
    description: m.description,
    schema: m.schema,
    appliesTo: m.appliesTo,
    stage: m.stage,
    capabilities: m.capabilities ?? [],
    methods: row.methods,
    contentHash: row.contentHash,
  };
}

export function toBundle(row: PluginVersionEntity): PluginBundleDto {
  return { ...toDescriptor(row), manifest: row.manifest, code: row.code, sourceMap: row.sourceMap };
}
