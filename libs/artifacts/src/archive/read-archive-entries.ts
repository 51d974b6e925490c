import type { Readable } from 'node:stream';
import { guardedEntries, type ArchiveLimits } from './guarded-entries.js';

/**
 * Reads a small tar.gz (a plugin package) into memory: path → content of every file.
 * Same safety checks as extractArchive; `maxBytes` bounds the memory used.
 */
export async function readArchiveEntries(source: Readable, limits: ArchiveLimits): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for await (const entry of guardedEntries(source, limits)) {
    if (entry.kind === 'directory') {
      entry.content.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry.content) chunks.push(chunk as Buffer);
    files.set(entry.path, Buffer.concat(chunks));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
