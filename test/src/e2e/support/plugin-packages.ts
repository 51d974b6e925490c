import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { stringify } from 'yaml';

/**
 * A plugin package as a test writes it: the whole manifest.yaml (the fields the real
 * registry validates — nothing filled in behind the test's back) and the package files.
 */
export interface TestPlugin {
  manifest: {
    kind: 'component' | 'trait';
    name: string;
    version: string;
    description: string;
    entry: string;
    schema: Record<string, unknown>;
    appliesTo?: string[];
    stage?: 'pre' | 'post';
    capabilities?: Array<'http' | 'local-processes'>;
    http?: { allow: string[] };
    onTerminate?: 'destroy' | 'keep';
  };
  /** Package files by path (the entry among them). */
  files: Record<string, string>;
}

/** The package as the registry receives it: a tar.gz with manifest.yaml at its root. */
export async function pluginArchive(plugin: TestPlugin): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  const files = { 'manifest.yaml': stringify(plugin.manifest), ...plugin.files };
  for (const [name, content] of Object.entries(files)) {
    await new Promise<void>((resolve, reject) => pack.entry({ name, mtime: new Date(0) }, content, (error) => (error ? reject(error) : resolve())));
  }
  pack.finalize();
  return gzipSync(await collected);
}

/**
 * Uploads and activates each plugin through the gateway (`POST /v1/plugins?activate=true`),
 * as an operator would. A package the registry refuses fails the caller with its answer.
 */
export async function uploadPlugins(api: string, plugins: TestPlugin[]): Promise<void> {
  for (const plugin of plugins) {
    const response = await fetch(`${api}/v1/plugins?activate=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/gzip' },
      body: await pluginArchive(plugin),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`the plugin registry refused ${plugin.manifest.kind}/${plugin.manifest.name}@${plugin.manifest.version}: ${response.status} ${await response.text()}`);
    }
  }
}
