import type { Readable } from 'node:stream';

/** Every gzip member starts with these two bytes (RFC 1952); a tar never does (its first bytes are a file name). */
const gzipMagic = [0x1f, 0x8b] as const;

/**
 * Looks at the first two bytes of `source` without consuming them (they are pushed back
 * with unshift), so one reader handles tar.gz and plain tar alike. A one-byte stream is
 * `tar` (the tar reader then reports it as truncated), no byte at all `empty`. A source
 * error before two bytes arrived rejects with that error.
 */
export async function sniffArchive(source: Readable): Promise<'gzip' | 'tar' | 'empty'> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (error?: Error) => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', done);
      if (error) return reject(error);
      // Pushed back synchronously: a source that already ended would refuse it once 'end' was emitted.
      const head = Buffer.concat(chunks);
      if (head.length > 0) source.unshift(head);
      resolve(head);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (length < gzipMagic.length && (chunk = source.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= gzipMagic.length) done();
    };
    const onEnd = () => done();
    source.on('readable', onReadable);
    source.once('end', onEnd);
    source.once('error', done);
  });
  if (head.length === 0) return 'empty';
  return head.length >= gzipMagic.length && head[0] === gzipMagic[0] && head[1] === gzipMagic[1] ? 'gzip' : 'tar';
}
