// Hand-built plugin packages for tests, including hostile ones a packer would never produce.
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { stringify } from 'yaml';

export interface ArchiveEntry {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'symlink' | 'directory';
  linkname?: string;
}

export async function tarGz(entries: ArchiveEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const entry of entries) {
    const header = { name: entry.name, type: entry.type ?? 'file', linkname: entry.linkname };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (entry.content !== undefined) pack.entry(header, Buffer.from(entry.content), done);
      else pack.entry({ ...header, size: 0 }, done).end(undefined);
    });
  }
  pack.finalize();
  return gzipSync(await collected);
}

export interface TestPluginOptions {
  name?: string;
  version?: string;
  /** Replaces fields of the default trait manifest; `undefined` values remove a field. */
  manifest?: Record<string, unknown>;
  /** Source of src/index.ts. */
  source?: string;
  extra?: ArchiveEntry[];
}

/** A trait whose `execute` answers which version ran: enough to tell versions apart. */
export const versionEchoSource = (marker: string): string => `
import { defineTrait } from '@appmanager/plugin-sdk';
export default defineTrait({
  execute(_ctx, req) {
    return { patch: { ran: '${marker}', seen: req.properties } };
  },
});
`;

export function testManifest(options: TestPluginOptions = {}): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    kind: 'trait',
    name: options.name ?? 'echo',
    version: options.version ?? '1.0.0',
    description: 'test trait',
    entry: 'src/index.ts',
    appliesTo: ['*'],
    stage: 'pre',
    schema: { type: 'object', additionalProperties: false, required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, mode: { enum: ['a', 'b'] } } },
  };
  for (const [key, value] of Object.entries(options.manifest ?? {})) {
    if (value === undefined) delete manifest[key];
    else manifest[key] = value;
  }
  return manifest;
}

export function testPlugin(options: TestPluginOptions = {}): Promise<Buffer> {
  return tarGz([
    { name: 'manifest.yaml', content: stringify(testManifest(options)) },
    { name: 'src/index.ts', content: options.source ?? versionEchoSource(options.version ?? '1.0.0') },
    ...(options.extra ?? []),
  ]);
}
