import semver from 'semver';
import type { PluginKindName, PluginVersionDto } from '@appmanager/contracts';
import type { PluginVersionSummary } from '@appmanager/persistence';

/** Highest version first (semver order, not string order: 1.10.0 > 1.9.0). */
export const bySemverDesc = (a: string, b: string): number => semver.rcompare(a, b);

export function toVersionDto(row: PluginVersionSummary, activeVersion: string | null): PluginVersionDto {
  const manifest = row.manifest as { description?: string; capabilities?: string[] };
  return {
    kind: row.kind as PluginKindName,
    name: row.name,
    version: row.version,
    description: manifest.description ?? '',
    contentHash: row.contentHash,
    active: row.version === activeVersion,
    methods: row.methods,
    capabilities: manifest.capabilities ?? [],
    createdAt: row.createdAt.toISOString(),
  };
}

export const pluginLabel = (ref: { kind: string; name: string; version?: string }): string =>
  `${ref.kind}/${ref.name}${ref.version ? `@${ref.version}` : ''}`;
