import type { PluginManifest, PluginRef } from '@appmanager/plugin-sdk';
import { compilePlugin } from '../compile/compile-plugin.js';
import type { LoadedPlugin } from '../runtime/runtime-options.js';

/**
 * Test helper: compiles a plugin from source text the way the registry will (one file
 * `src/index.ts`, or a whole file map) and pairs it with a manifest.
 */
export async function pluginFixture(
  manifest: PluginRef & Partial<PluginManifest>,
  source: string | Record<string, string>,
): Promise<LoadedPlugin> {
  const files = typeof source === 'string' ? { 'src/index.ts': source } : source;
  const compiled = await compilePlugin({ files, entry: manifest.entry ?? 'src/index.ts' });
  return {
    manifest: { description: 'test plugin', entry: 'src/index.ts', schema: { type: 'object' }, ...manifest },
    ...compiled,
  };
}

export const refOf = (plugin: LoadedPlugin): PluginRef => ({
  kind: plugin.manifest.kind,
  name: plugin.manifest.name,
  version: plugin.manifest.version,
});
