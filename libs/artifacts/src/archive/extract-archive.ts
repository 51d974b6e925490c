import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@appmanager/contracts';
import { unsafeEntry } from './archive-path.js';
import { guardedEntries, type ArchiveLimits } from './guarded-entries.js';

export interface ExtractResult {
  /** Relative POSIX paths of the files written, sorted. */
  files: string[];
  bytes: number;
}

/**
 * Extracts a tar.gz into `destDir`, which must not exist yet (or be an empty directory).
 * Everything is written into a fresh sibling directory first and renamed onto `destDir`
 * at the end, so a rejected or broken archive leaves nothing behind and a reader never
 * sees a half-extracted tree. Safety rules: see guardedEntries().
 */
export async function extractArchive(source: Readable, destDir: string, limits: ArchiveLimits): Promise<ExtractResult> {
  const dest = resolve(destDir);
  await assertEmptyOrMissing(dest);
  await mkdir(dirname(dest), { recursive: true });
  const staging = join(dirname(dest), `.${basename(dest)}.extract-${randomBytes(6).toString('hex')}`);
  await mkdir(staging);
  const files: string[] = [];
  let bytes = 0;
  try {
    for await (const entry of guardedEntries(source, limits)) {
      const target = join(staging, ...entry.path.split('/'));
      try {
        if (entry.kind === 'directory') {
          await mkdir(target, { recursive: true });
          entry.content.resume();
          continue;
        }
        await mkdir(dirname(target), { recursive: true });
        // 'wx': never follow or overwrite anything already there.
        await pipeline(entry.content, createWriteStream(target, { flags: 'wx', mode: entry.executable ? 0o755 : 0o644 }));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw unsafeEntry(entry.path, 'the path clashes with another entry (file versus directory)');
        throw error;
      }
      files.push(entry.path);
      bytes += entry.size;
    }
    await rename(staging, dest).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') throw destinationInUse(dest);
      throw error;
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { files: files.sort(), bytes };
}

async function assertEmptyOrMissing(dest: string): Promise<void> {
  const existing = await readdir(dest).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw destinationInUse(dest);
    throw error;
  });
  if (existing.length > 0) throw destinationInUse(dest);
}

const destinationInUse = (dest: string) =>
  new DomainError('conflict', `cannot extract into ${dest}: it exists and is not an empty directory`, [{ path: 'destDir', message: 'must not exist or be empty' }]);
