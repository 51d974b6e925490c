import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { DomainError } from '@appmanager/contracts';
import { normalizeArchivePath, unsafeEntry } from './archive-path.js';
import { sniffArchive } from './sniff-archive.js';

/** tar-stream does not export its entry stream type. */
type TarEntry = tar.Extract extends AsyncIterable<infer Entry> ? Entry : never;

export interface ArchiveLimits {
  /** Total bytes of file content allowed, counted from the entry headers before any is written. */
  maxBytes: number;
  /** Entries (files and directories) allowed. */
  maxEntries: number;
}

export interface GuardedEntry {
  /** Normalized relative POSIX path, never empty. */
  path: string;
  kind: 'file' | 'directory';
  size: number;
  executable: boolean;
  /** The entry's content (a streamx stream); must be consumed, or resumed, before the next entry. */
  content: TarEntry;
}

/**
 * Reads a tar.gz or a plain tar (told apart by the gzip magic bytes) and yields only entries that are safe to materialise: regular files and
 * directories with relative paths inside the archive root, each path once, within the
 * limits. Links of any kind are refused outright — checking where a link points is
 * subtle (links to links, later entries written through earlier links) and packages
 * have no need for them. Device files and FIFOs are refused too. Every refusal names
 * the entry; corrupt input becomes `bad_request`; errors of the source stream itself
 * (a dropped connection) pass through unchanged.
 */
export async function* guardedEntries(source: Readable, limits: ArchiveLimits): AsyncGenerator<GuardedEntry> {
  const extract = tar.extract();
  let sourceError: unknown;
  source.once('error', (error) => (sourceError = error));
  let gzipped = true;
  try {
    const kind = await sniffArchive(source);
    if (kind === 'empty') throw new DomainError('bad_request', 'not a valid tar.gz archive (nor a plain tar): it is empty', [{ path: 'archive', message: 'empty' }]);
    gzipped = kind === 'gzip';
    const stages: Array<NodeJS.ReadWriteStream> = gzipped ? [createGunzip(), expansionCap(limits)] : [expansionCap(limits)];
    pipeline([source, ...stages, extract as unknown as NodeJS.WritableStream], () => undefined); // errors arrive through the iterator
  } catch (error) {
    extract.destroy();
    source.destroy();
    throw error;
  }
  let entries = 0;
  let bytes = 0;
  const seen = new Set<string>();
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      const path = normalizeArchivePath(name);
      const type = entry.header.type ?? 'file';
      if (type === 'symlink' || type === 'link') throw unsafeEntry(name, `${type === 'link' ? 'hard' : 'symbolic'} links are not allowed`);
      if (type !== 'file' && type !== 'contiguous-file' && type !== 'directory') throw unsafeEntry(name, `entry type ${type} is not allowed`);
      entries += 1;
      if (entries > limits.maxEntries) {
        throw new DomainError('payload_too_large', `archive has more than ${limits.maxEntries} entries (at ${JSON.stringify(name)})`, [
          { path: name, message: `entry ${entries} exceeds the limit of ${limits.maxEntries}` },
        ]);
      }
      const size = type === 'directory' ? 0 : (entry.header.size ?? 0);
      bytes += size;
      if (bytes > limits.maxBytes) {
        throw new DomainError('payload_too_large', `archive content exceeds ${limits.maxBytes} bytes (at ${JSON.stringify(name)})`, [
          { path: name, message: `${size} bytes bring the total to ${bytes}, over the limit of ${limits.maxBytes}` },
        ]);
      }
      if (path === '') {
        entry.resume(); // the archive root itself ("./")
        continue;
      }
      if (seen.has(path)) throw unsafeEntry(name, 'the path occurs more than once in the archive');
      seen.add(path);
      const kind = type === 'directory' ? 'directory' : 'file';
      yield { path, kind, size, executable: ((entry.header.mode ?? 0) & 0o111) !== 0, content: entry };
    }
  } catch (error) {
    if (error instanceof DomainError || (sourceError !== undefined && error === sourceError)) throw error;
    const message = (error as Error).message;
    // Plain tars are read too (packDirectory writes them for content that does not compress).
    const what = gzipped ? 'not a valid tar.gz archive' : 'not a valid tar.gz archive (nor a plain tar)';
    throw new DomainError('bad_request', `${what}: ${message}`, [{ path: 'archive', message }]);
  } finally {
    extract.destroy();
    source.destroy();
  }
}

/**
 * Caps the decompressed stream itself, not just the declared file sizes: tar headers,
 * padding and pax records are not file content, and tar-stream buffers pax records
 * whole, so a small gzip could otherwise expand without bound before any entry is seen.
 */
function expansionCap(limits: ArchiveLimits): Transform {
  const cap = limits.maxBytes + (limits.maxEntries + 2) * 3 * 512 + 1024 * 1024;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen <= cap) return callback(null, chunk);
      const message = `expands to more than ${cap} bytes`;
      callback(new DomainError('payload_too_large', `archive ${message}`, [{ path: 'archive', message }]));
    },
  });
}
