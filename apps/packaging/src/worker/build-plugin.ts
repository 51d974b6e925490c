import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginClient } from '@appmanager/plugin-client';
import type { BuildResult, JsonObject, PackageFile } from '@appmanager/plugin-sdk';

/** Root files small enough to show the plugin (package.json, Procfile, .amignore …). */
const descriptorMaxBytes = 64 * 1024;
const descriptorMaxFiles = 32;

/**
 * The sandbox has no file system and a 1 MiB-ish budget per call, so the host does the
 * heavy part (unpack, pack with .amignore, stream to storage) and the plugin's `build`
 * sees the component's options, its small root files and a listing summary. It returns
 * files to add to the archive (a generated manifest …) and facts for the package
 * manifest. See docs/adr/0006-packaging.md.
 */
export async function runBuildPlugin(
  plugins: PluginClient,
  call: { type: string; pluginVersion: string; component: string; version: string; options: Record<string, unknown>; dir: string; source: Record<string, unknown> },
  log: (line: string) => void,
): Promise<BuildResult> {
  const files: Record<string, PackageFile> = {};
  let fileCount = 0;
  for (const entry of (await readdir(call.dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isFile()) continue;
    fileCount += 1;
    if (Object.keys(files).length >= descriptorMaxFiles) continue;
    const path = join(call.dir, entry.name);
    if ((await stat(path)).size > descriptorMaxBytes) continue;
    const content = await readFile(path);
    const text = content.toString('utf8');
    files[entry.name] = Buffer.from(text, 'utf8').equals(content) ? text : { base64: content.toString('base64') };
  }
  const source = { component: call.component, version: call.version, properties: call.options as JsonObject, files, origin: call.source as JsonObject, rootFileCount: fileCount };
  const { result } = await plugins.call<BuildResult>({ kind: 'component', name: call.type, version: call.pluginVersion }, 'build', [source], {
    timeoutMs: 30_000,
    logSink: (level, message, fields) => log(`[plugin ${level}] ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`),
  });
  return result ?? { files: {} };
}

/** Plugin files as buffers for packDirectory's extraFiles. */
export function extraFilesOf(result: BuildResult): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [path, file] of Object.entries(result.files ?? {})) {
    out[path] = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(file.base64, 'base64');
  }
  return out;
}
