import { posix } from 'node:path';
import type { Loader, Plugin } from 'esbuild';
import { sdkModuleName, sdkShimSource } from './sdk-shim.js';

/** esbuild namespace of the package's own files; stripped again from locations and source maps. */
export const packageNamespace = 'plugin-package';
const shimNamespace = 'plugin-sdk-shim';

const loaders: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };
/** Probed in order for an import without (or with a `.js`-for-`.ts`) extension, like tsc's nodenext style. */
const candidates = (p: string): string[] => {
  const stem = p.replace(/\.(m?js)$/, '');
  return [p, `${stem}.ts`, `${stem}.mts`, `${p}.ts`, `${p}.js`, `${p}/index.ts`, `${p}/index.js`];
};

/** Normalises a package path: forward slashes, no leading `./` or `/`. */
export const normalisePackagePath = (path: string): string => posix.normalize(path.replace(/\\/g, '/')).replace(/^(\.\/|\/)+/, '');

/**
 * Serves the bundle from the package's in-memory files only. Anything that would reach
 * outside the package — node builtins, npm packages, absolute paths, `..` past the root —
 * is a compile error naming the import, so a plugin can never smuggle in host code.
 */
export function packageFilesPlugin(files: ReadonlyMap<string, string>): Plugin {
  const find = (path: string): string | undefined => candidates(path).find((c) => files.has(c));
  return {
    name: 'appmanager-plugin-package',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === sdkModuleName) return { path: sdkModuleName, namespace: shimNamespace };
        if (args.kind === 'entry-point') {
          const found = find(normalisePackagePath(args.path));
          return found ? { path: found, namespace: packageNamespace } : { errors: [{ text: `entry '${args.path}' is not a file of the plugin package` }] };
        }
        if (args.path.startsWith('./') || args.path.startsWith('../')) {
          const wanted = posix.normalize(posix.join(posix.dirname(args.importer), args.path));
          const found = wanted.startsWith('../') ? undefined : find(wanted);
          if (found) return { path: found, namespace: packageNamespace };
          return { errors: [{ text: `cannot resolve '${args.path}': no such file in the plugin package` }] };
        }
        return {
          errors: [{ text: `import '${args.path}' is not allowed: a plugin may import only its own files and ${sdkModuleName}` }],
        };
      });
      build.onLoad({ filter: /.*/, namespace: packageNamespace }, (args) => {
        const loader = loaders[posix.extname(args.path)];
        if (!loader) return { errors: [{ text: `cannot load '${args.path}': only .ts, .mts, .js, .mjs and .json files can be imported` }] };
        return { contents: files.get(args.path), loader };
      });
      build.onLoad({ filter: /.*/, namespace: shimNamespace }, () => ({ contents: sdkShimSource, loader: 'js' }));
    },
  };
}
