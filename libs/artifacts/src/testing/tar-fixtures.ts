// Hand-built archives for tests, including hostile ones packDirectory would never produce.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface FixtureEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

export async function tarGz(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const entry of entries) {
    const content = entry.content === undefined ? undefined : Buffer.from(entry.content);
    const header = { name: entry.name, type: entry.type ?? 'file', linkname: entry.linkname, mode: entry.mode };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content) pack.entry(header, content, done);
      else pack.entry({ ...header, size: 0 }, done).end(undefined);
    });
  }
  pack.finalize();
  return gzipSync(await collected);
}

export const streamOf = (buffer: Buffer): Readable => Readable.from([buffer]);
