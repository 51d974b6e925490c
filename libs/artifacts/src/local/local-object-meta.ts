import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * What the local driver records beside each object (a JSON sidecar in a parallel tree).
 * The data file's identity (inode, size, mtime) is recorded too: the object and its
 * sidecar are renamed into place one after the other, and a crash between the two must
 * not pair new bytes with an old digest. A sidecar that does not describe the file it
 * sits beside is ignored, so stat() then reports no sha256 rather than a wrong one.
 */
export interface LocalObjectMeta {
  sha256: string;
  size: number;
  contentType?: string;
  ino: number;
  mtimeMs: number;
}

export function metaFor(stats: Stats, sha256: string, contentType: string | undefined): LocalObjectMeta {
  return { sha256, size: stats.size, contentType, ino: stats.ino, mtimeMs: stats.mtimeMs };
}

export async function readMetaFor(metaPath: string, stats: Stats): Promise<LocalObjectMeta | undefined> {
  let meta: LocalObjectMeta;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as LocalObjectMeta;
  } catch {
    return undefined; // missing or unreadable sidecar: the digest is simply unknown
  }
  const describesFile = meta.ino === stats.ino && meta.size === stats.size && meta.mtimeMs === stats.mtimeMs;
  return describesFile ? meta : undefined;
}
