import { open } from 'node:fs/promises';
import { DomainError } from '@appmanager/contracts';

export interface ReadAheadOptions {
  /** Bytes per read. */
  chunkBytes: number;
  /** Reads kept in flight on the thread pool while the consumer works on earlier chunks. */
  depth: number;
}

/**
 * Yields the first `expectedSize` bytes of a file with `depth` positional reads in flight,
 * so the thread pool reads ahead while the event loop hashes/packs the current chunk (a
 * plain read stream keeps only one read ahead: reading and hashing then take turns).
 * Memory is bounded by chunkBytes × depth. A file whose size changes while it is read
 * is refused: the archive header already promised `expectedSize` bytes.
 */
export async function* readAhead(path: string, expectedSize: number, opts: ReadAheadOptions): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const inFlight: Array<Promise<Buffer>> = [];
  try {
    let offset = 0;
    const issue = () => {
      if (offset >= expectedSize) return;
      const length = Math.min(opts.chunkBytes, expectedSize - offset);
      const buffer = Buffer.allocUnsafe(length);
      const read = handle.read(buffer, 0, length, offset).then(({ bytesRead }) => {
        if (bytesRead !== length) throw changedWhileRead(path);
        return buffer;
      });
      read.catch(() => undefined); // awaited in order below; this only keeps an early failure from being "unhandled"
      inFlight.push(read);
      offset += length;
    };
    for (let i = 0; i < opts.depth; i++) issue();
    while (inFlight.length > 0) {
      const chunk = await inFlight.shift()!;
      issue();
      yield chunk;
    }
    if ((await handle.stat()).size !== expectedSize) throw changedWhileRead(path);
  } finally {
    await Promise.allSettled(inFlight); // never close the handle under a pending read
    await handle.close();
  }
}

const changedWhileRead = (path: string) =>
  new DomainError('conflict', `${path} changed size while it was packed`, [{ path, message: 'the file changed while it was read' }]);
