import { build, type BuildFailure, type Message } from 'esbuild';
import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import { normalisePackagePath, packageFilesPlugin, packageNamespace } from './package-files.plugin.js';

/** The global the bundle assigns its module namespace to; the sandbox bootstrap reads it. */
export const pluginGlobalName = '__appmanagerPlugin';

export interface PluginSources {
  /** Package-relative path → file text (`src/index.ts` → `export default …`). */
  files: Record<string, string>;
  /** The manifest's entry, e.g. `src/index.ts`. */
  entry: string;
}

export interface CompiledPlugin {
  /** One classic script (IIFE) that assigns the module namespace to a global. */
  code: string;
  /** Source map (JSON text) from `code` back to the package's own files. */
  sourceMap: string;
}

/**
 * Compiles a plugin package (TypeScript or JavaScript) into one script for the sandbox.
 * Done once at upload; the registry stores the result. Type errors are NOT checked here
 * (esbuild strips types); syntax errors and forbidden imports are, with file:line:column.
 */
export async function compilePlugin(sources: PluginSources): Promise<CompiledPlugin> {
  const files = new Map(Object.entries(sources.files).map(([path, text]) => [normalisePackagePath(path), text]));
  try {
    const result = await build({
      entryPoints: [normalisePackagePath(sources.entry)],
      bundle: true,
      write: false,
      outfile: 'plugin.js',
      format: 'iife',
      globalName: pluginGlobalName,
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      tsconfigRaw: {},
      plugins: [packageFilesPlugin(files)],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
    const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'))?.text;
    if (code === undefined || map === undefined) throw new DomainError('internal', 'esbuild produced no bundle');
    return { code, sourceMap: stripNamespace(map) };
  } catch (error) {
    if (isBuildFailure(error)) throw compileError(error.errors);
    throw error;
  }
}

const namespacePrefix = `${packageNamespace}:`;

/** Source map sources name the package files as they appear in the package. */
function stripNamespace(map: string): string {
  const parsed = JSON.parse(map) as { sources: string[] };
  parsed.sources = parsed.sources.map((s) => (s.startsWith(namespacePrefix) ? s.slice(namespacePrefix.length) : s));
  return JSON.stringify(parsed);
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

function compileError(messages: Message[]): DomainError {
  const errors: ErrorDetail[] = messages.map((m) => {
    const file = m.location?.file ?? '';
    const detail: ErrorDetail = { path: file.startsWith(namespacePrefix) ? file.slice(namespacePrefix.length) : file, message: m.text };
    if (m.location) {
      detail.line = m.location.line;
      // esbuild columns are 0-based; editors and people count from 1.
      detail.column = m.location.column + 1;
    }
    return detail;
  });
  const where = (e: ErrorDetail): string => (e.line === undefined ? e.path : `${e.path}:${e.line}:${e.column}`);
  const summary = errors.map((e) => `${where(e)}: ${e.message}`).join('; ');
  return new DomainError('validation_failed', `plugin does not compile: ${summary}`, errors);
}
