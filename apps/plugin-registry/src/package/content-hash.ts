import { createHash } from 'node:crypto';

/**
 * The identity of a package's content: sha256 over every file's path and bytes in path
 * order. The gzip bytes are not used, because the same files packed twice (other tar
 * tool, other timestamps) must count as the same content.
 */
export function packageContentHash(files: ReadonlyMap<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path)!;
    hash.update(`${path}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}
