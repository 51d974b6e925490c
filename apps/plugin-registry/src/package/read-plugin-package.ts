import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { readArchiveEntries } from '@appmanager/artifacts';
import { DomainError, isDomainError } from '@appmanager/contracts';
import { compilePlugin, type CompiledPlugin, type PluginRuntime } from '@appmanager/plugin-runtime';
import type { PluginManifest } from '@appmanager/plugin-sdk';
import { packageContentHash } from './content-hash.js';
import { requiredMethods, type ValidManifest } from './manifest.schema.js';
import { manifestFileNames, maxBundleBytes, pluginArchiveLimits, sourceExtensions } from './package-limits.js';
import { parseManifest } from './parse-manifest.js';

/** A package that passed every check: valid manifest, compiled code that loads and exports what its kind needs. */
export interface PluginPackage {
  manifest: ValidManifest;
  contentHash: string;
  compiled: CompiledPlugin;
  methods: string[];
}

/**
 * Reads, validates and compiles one plugin package (tar.gz). Checks, in order: safe
 * archive within limits; a manifest at the root; the manifest's fields and its schema;
 * the entry file exists; the sources compile (file:line:column); the bundle fits in a
 * NATS reply; the code loads in a sandbox and exports the methods of its kind. Every
 * failure is a DomainError naming the file (and field or line).
 */
export async function readPluginPackage(archive: Readable, runtime: PluginRuntime): Promise<PluginPackage> {
  const files = await readArchiveEntries(archive, pluginArchiveLimits);
  const manifestFile = manifestFileNames.find((name) => files.has(name));
  if (!manifestFile) throw missingManifest(files);
  const manifest = parseManifest(manifestFile, files.get(manifestFile)!.toString('utf8'));
  const entry = posix.normalize(manifest.entry).replace(/^(\.\/)+/, '');
  if (!files.has(entry)) {
    throw new DomainError('validation_failed', `${manifestFile}: entry: ${entry} is not in the package`, [
      { path: `${manifestFile}:entry`, message: `${entry} is not in the package (files: ${[...files.keys()].slice(0, 20).join(', ')})` },
    ]);
  }
  const sources: Record<string, string> = {};
  for (const [path, content] of files) {
    if (sourceExtensions.includes(posix.extname(path)) && path !== manifestFile) sources[path] = content.toString('utf8');
  }
  const compiled = await compilePlugin({ files: sources, entry });
  const bundleBytes = Buffer.byteLength(compiled.code) + Buffer.byteLength(compiled.sourceMap);
  if (bundleBytes > maxBundleBytes) {
    throw new DomainError('payload_too_large', `the compiled plugin is ${bundleBytes} bytes; at most ${maxBundleBytes} are allowed`, [
      { path: entry, message: `compiles to ${bundleBytes} bytes (code + source map), over ${maxBundleBytes}` },
    ]);
  }
  const methods = loadMethods(manifest, compiled, runtime);
  const missing = requiredMethods[manifest.kind].filter((m) => !methods.includes(m));
  if (missing.length > 0) {
    throw new DomainError('validation_failed', `${entry}: a ${manifest.kind} plugin must export ${missing.join(', ')} (it exports: ${methods.join(', ') || 'nothing'})`, [
      { path: entry, message: `missing method(s) ${missing.join(', ')} of a ${manifest.kind} plugin` },
    ]);
  }
  return { manifest, contentHash: packageContentHash(files), compiled, methods };
}

/** Loads the code once in a throwaway sandbox: top-level errors surface at upload, and we learn its methods. */
function loadMethods(manifest: ValidManifest, compiled: CompiledPlugin, runtime: PluginRuntime): string[] {
  try {
    // The manifest passed validation; its schema is a JSON object by construction.
    return [...runtime.activate({ manifest: manifest as PluginManifest, ...compiled }).methods];
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError('validation_failed', `the plugin does not load: ${error.message}`, error.errors, error.meta);
  } finally {
    runtime.evict(manifest.kind, manifest.name, manifest.version);
  }
}

function missingManifest(files: ReadonlyMap<string, Buffer>): DomainError {
  const nested = [...files.keys()].find((p) => manifestFileNames.some((m) => p.endsWith(`/${m}`)));
  const hint = nested ? ` (found ${nested}: pack the folder's contents, not the folder)` : '';
  return new DomainError('validation_failed', `manifest.yaml: missing: a plugin package needs manifest.yaml or manifest.json at its root${hint}`, [
    { path: 'manifest.yaml', message: `missing at the package root${hint}` },
  ]);
}
