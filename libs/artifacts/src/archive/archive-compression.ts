import { open } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

export type ArchiveCompression = 'gzip' | 'none' | 'auto';

/** What packDirectory writes: a tar.gz at `level`, or a plain tar. */
export type ArchiveFormat = { compression: 'gzip'; level: number; reason: string } | { compression: 'none'; reason: string };

/** A file about to be packed: its size and where its bytes are. */
export interface CompressionCandidate {
  size: number;
  source: { kind: 'disk'; absolute: string } | { kind: 'extra'; content: Buffer };
}

/** zlib's own default level, used when nothing else is asked for. */
const defaultGzipLevel = 6;

/**
 * `auto` thresholds. Up to `smallBytes` of content, gzip at the default level costs well
 * under a second, so small sources always stay small. Above it, a sample of up to
 * `sampleBytes` decides: deflate (level 1) must save at least `minSaving` of it, or the
 * content is taken as already compressed (build output, images, jars, media) and packed
 * as a plain tar — gzip would spend ~10x a file copy's time to save next to nothing.
 * Compressible large sources use level 1: most of the saving at a fraction of the time.
 */
export const autoCompression = { smallBytes: 16 * 1024 * 1024, sampleBytes: 1024 * 1024, slices: 16, minSaving: 0.1, largeLevel: 1 };

/** Decides the format of one archive from its files (see autoCompression for `auto`). */
export async function chooseCompression(files: CompressionCandidate[], opts: { compression?: ArchiveCompression; gzipLevel?: number }): Promise<ArchiveFormat> {
  const compression = opts.compression ?? 'gzip';
  if (compression === 'none') return { compression: 'none', reason: 'asked for a plain tar' };
  if (compression === 'gzip') return { compression: 'gzip', level: opts.gzipLevel ?? defaultGzipLevel, reason: 'asked for gzip' };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total <= autoCompression.smallBytes) return { compression: 'gzip', level: opts.gzipLevel ?? defaultGzipLevel, reason: `${total} bytes of content is small` };
  const sample = await sampleContent(files, total);
  const saving = sample.length === 0 ? 0 : 1 - deflateRawSync(sample, { level: 1 }).length / sample.length;
  const percent = `${Math.round(saving * 100)}%`;
  if (saving < autoCompression.minSaving) return { compression: 'none', reason: `a ${sample.length}-byte sample compresses by only ${percent}` };
  return { compression: 'gzip', level: autoCompression.largeLevel, reason: `a ${sample.length}-byte sample compresses by ${percent}` };
}

/**
 * Reads `sampleBytes` spread over the content in proportion to where the bytes are:
 * `slices` evenly spaced offsets across the concatenated files, so one big blob and many
 * small sources are both represented by what dominates the archive.
 */
async function sampleContent(files: CompressionCandidate[], total: number): Promise<Buffer> {
  const sliceBytes = Math.floor(autoCompression.sampleBytes / autoCompression.slices);
  const step = total / autoCompression.slices;
  const parts: Buffer[] = [];
  let fileStart = 0;
  let index = 0;
  for (let slice = 0; slice < autoCompression.slices; slice++) {
    const at = Math.floor(slice * step);
    while (index < files.length - 1 && fileStart + files[index]!.size <= at) fileStart += files[index++]!.size;
    const file = files[index];
    if (!file) break;
    parts.push(await readSlice(file, at - fileStart, sliceBytes));
  }
  return Buffer.concat(parts);
}

async function readSlice(file: CompressionCandidate, offset: number, length: number): Promise<Buffer> {
  if (file.source.kind === 'extra') return file.source.content.subarray(offset, offset + length);
  const handle = await open(file.source.absolute, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, file.size - offset)));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
