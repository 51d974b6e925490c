import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { DomainError } from '@appmanager/contracts';
import { normalizeArchivePath } from './archive-path.js';
import { chooseCompression, type ArchiveCompression, type ArchiveFormat, type CompressionCandidate } from './archive-compression.js';
import { isIgnored, parseIgnorePatterns, type IgnoreRule } from './ignore-patterns.js';
import { readAhead } from './read-ahead.js';

export interface PackDirectoryOptions {
  /** Name of an ignore file inside `dir` (e.g. `.amignore`); a missing file ignores nothing. */
  ignoreFile?: string;
  /** Extra patterns in the same syntax, applied with the file's. */
  ignorePatterns?: string[];
  /** Files added (or replaced) at these archive paths, whatever the directory holds. */
  extraFiles?: Record<string, Buffer | string>;
  /**
   * `gzip` (the default): a tar.gz. `none`: a plain tar — for content that does not
   * compress, gzip only costs time. `auto`: decided per archive, see chooseCompression().
   * Readers (extractArchive, readArchiveEntries) tell the two apart by their magic bytes.
   */
  compression?: ArchiveCompression;
  /** zlib level for `gzip` (1 fastest … 9 smallest); the zlib default (6) when absent. `auto` picks its own. */
  gzipLevel?: number;
  /** Told the format once it is decided, before the first byte is produced (for logs and content types). */
  onFormat?: (format: ArchiveFormat) => void;
}

type PlannedFile = CompressionCandidate & { path: string };

/** tar-stream does not export its entry stream type. */
type TarSink = ReturnType<tar.Pack['entry']>;

/** Fixed metadata so the same inputs give byte-identical archives (cacheable, comparable by sha256). */
const epoch = new Date(0);

/**
 * How files are read and how much the consumer may lag, measured on a 1 GiB incompressible
 * source into the local store (ADR 0006). A read stream keeps one read ahead, so reading
 * and hashing took turns; 1 MiB stream reads were slower still and cost ≈ +90 MiB RSS.
 * Four 256 KiB reads in flight keep the thread pool reading while the event loop packs
 * and hashes, with 1 MiB of buffer towards the consumer.
 */
const readOptions = { chunkBytes: 256 * 1024, depth: 4 };
const outputBufferBytes = 1024 * 1024;

/**
 * Streams `dir` as a tar (gzipped unless `compression` says otherwise): regular files
 * only, sorted by path, with zeroed times and owners and modes reduced to 0644/0755.
 * Symbolic links are refused (following them could pack files from outside `dir`).
 * Errors surface on the returned stream.
 */
export function packDirectory(dir: string, opts: PackDirectoryOptions = {}): Readable {
  const pack = tar.pack();
  const output = new PassThrough({ highWaterMark: outputBufferBytes });
  // The error goes to the reader through `output`; the pack is only torn down (an error
  // on it before the pipeline exists would have no listener).
  const fail = (error: unknown) => {
    output.destroy(error as Error);
    pack.destroy();
  };
  planFiles(dir, opts)
    .then(async (files) => {
      const format = await chooseCompression(files, opts);
      opts.onFormat?.(format);
      // A larger zlib chunk than the 16 KiB default: fewer thread-pool round trips per MiB.
      const piped = format.compression === 'gzip' ? pipeline(pack, createGzip({ level: format.level, chunkSize: 256 * 1024 }), output) : pipeline(pack, output);
      piped.catch(fail);
      await fillPack(pack, files);
      pack.finalize();
    })
    .catch(fail);
  return output;
}

async function fillPack(pack: tar.Pack, files: PlannedFile[]): Promise<void> {
  for (const file of files) {
    const header = { name: file.path, mtime: epoch, uid: 0, gid: 0, uname: '', gname: '', type: 'file' as const };
    if (file.source.kind === 'extra') {
      const content = file.source.content;
      await new Promise<void>((resolve, reject) => pack.entry({ ...header, mode: 0o644, size: content.length }, content, (e) => (e ? reject(e) : resolve())));
      continue;
    }
    const stats = await lstat(file.source.absolute);
    const mode = stats.mode & 0o111 ? 0o755 : 0o644;
    let sink!: TarSink;
    const entryWritten = new Promise<void>((resolve, reject) => {
      sink = pack.entry({ ...header, mode, size: stats.size }, (error) => (error ? reject(error) : resolve()));
    });
    sink.on('error', () => undefined); // reported through the entry callback above
    // A file that changes size while packed fails (readAhead checks; tar-stream too).
    await Promise.all([copyInto(sink, file.source.absolute, stats.size), entryWritten]);
  }
}

/** Copies a file into a tar entry, waiting for 'drain' so a slow consumer bounds memory. */
async function copyInto(sink: TarSink, absolute: string, size: number): Promise<void> {
  for await (const chunk of readAhead(absolute, size, readOptions)) {
    if (!sink.write(chunk)) await drained(sink);
  }
  sink.end(undefined); // streamx types require an argument
}

/** Waits for 'drain'; a sink destroyed meanwhile (the reader went away) ends the copy instead of waiting for ever. */
async function drained(sink: TarSink): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      sink.off('drain', done);
      sink.off('close', done);
      resolve();
    };
    sink.on('drain', done);
    sink.on('close', done);
  });
  if (sink.destroyed) throw new Error('the archive was abandoned by its reader');
}

async function planFiles(dir: string, opts: PackDirectoryOptions): Promise<PlannedFile[]> {
  const rules = [...parseIgnorePatterns((opts.ignorePatterns ?? []).join('\n'), 'ignorePatterns')];
  if (opts.ignoreFile) {
    const text = await readFile(join(dir, opts.ignoreFile), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    rules.push(...parseIgnorePatterns(text, opts.ignoreFile));
  }
  const files = new Map<string, PlannedFile>();
  await walk(dir, '', rules, files);
  for (const [name, content] of Object.entries(opts.extraFiles ?? {})) {
    const path = normalizeArchivePath(name);
    if (path === '') throw new DomainError('bad_request', 'extra file path is empty', [{ path: 'extraFiles', message: 'empty path' }]);
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
    files.set(path, { path, size: buffer.length, source: { kind: 'extra', content: buffer } });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(root: string, relative: string, rules: IgnoreRule[], out: Map<string, PlannedFile>): Promise<void> {
  for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (isIgnored(rules, path, entry.isDirectory())) continue;
    if (entry.isDirectory()) await walk(root, path, rules, out);
    else if (entry.isFile()) {
      const absolute = join(root, path);
      out.set(path, { path, size: (await lstat(absolute)).size, source: { kind: 'disk', absolute } });
    }
    else {
      const what = entry.isSymbolicLink() ? 'symbolic links are not packed' : 'only regular files and directories are packed';
      throw new DomainError('bad_request', `cannot pack ${path}: ${what}`, [{ path, message: what }]);
    }
  }
}
