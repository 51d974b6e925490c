import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { extractArchive, type ObjectStore } from '@appmanager/artifacts';
import { DomainError, type ComponentSource } from '@appmanager/contracts';
import { resolveSourcePath } from '../tasks/source-path.js';

const run = promisify(execFile);

export interface StageLimits {
  sourceRoot: string;
  maxBytes: number;
  maxEntries: number;
}

/**
 * A cheap fingerprint of a source, taken BEFORE anything is unpacked, so an unchanged
 * component is reused without work: the upload's sha256, a directory's listing (paths,
 * sizes, mtimes), the image reference. Git and URL sources have none up front.
 */
export async function fingerprint(store: ObjectStore, source: ComponentSource, limits: StageLimits): Promise<string | undefined> {
  if ('archive' in source) {
    const stat = await store.stat(source.archive);
    if (!stat) throw new DomainError('not_found', `the uploaded source ${source.archive} is gone (uploads are kept for the task that names them)`);
    return `archive:${stat.sha256 ?? source.archive}`;
  }
  if ('image' in source) return `image:${source.image}`;
  if ('path' in source) {
    const hash = createHash('sha256');
    await listTree(resolveSourcePath(limits.sourceRoot, source.path, 'source.path'), '', (line) => hash.update(line));
    return `path:${hash.digest('hex')}`;
  }
  return undefined;
}

async function listTree(root: string, rel: string, add: (line: string) => void): Promise<void> {
  const entries = (await readdir(join(root, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await listTree(root, path, add);
    else {
      const stat = await lstat(join(root, path));
      add(`${path}\t${stat.size}\t${stat.mtimeMs}\n`);
    }
  }
}

/**
 * Makes the source available as a directory: extracted uploads (unsafe entries such as
 * `../x` or links are refused by extractArchive, naming the entry), the host directory
 * itself, a shallow git clone, or an empty directory for an image reference.
 * Returns the directory and a fingerprint for sources that had none before.
 */
export async function stageSource(
  store: ObjectStore,
  source: ComponentSource,
  workDir: string,
  limits: StageLimits,
  log: (line: string) => void,
): Promise<{ dir: string; fingerprint?: string }> {
  if ('path' in source) return { dir: resolveSourcePath(limits.sourceRoot, source.path, 'source.path') };
  const dir = join(workDir, 'src');
  const archiveLimits = { maxBytes: limits.maxBytes, maxEntries: limits.maxEntries };
  if ('archive' in source) {
    log(`extracting uploaded source ${source.archive}`);
    await extractArchive(await store.get(source.archive), dir, archiveLimits);
    return { dir };
  }
  if ('url' in source) {
    log(`downloading ${source.url}`);
    const response = await fetch(source.url, { signal: AbortSignal.timeout(600_000) }).catch((error: unknown) => {
      throw new DomainError('bad_request', `cannot download ${source.url}: ${String(error)}`);
    });
    if (!response.ok || !response.body) throw new DomainError('bad_request', `cannot download ${source.url}: HTTP ${response.status}`);
    const hash = createHash('sha256');
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await extractArchive(body, dir, archiveLimits);
    return { dir, fingerprint: `url:${hash.digest('hex')}` };
  }
  if ('git' in source) {
    log(`cloning ${source.git}${source.ref ? ` at ${source.ref}` : ''}`);
    try {
      await run('git', ['clone', '--quiet', '--depth', '1', ...(source.ref ? ['--branch', source.ref] : []), '--', source.git, dir], { timeout: 600_000 });
      const { stdout } = await run('git', ['-C', dir, 'rev-parse', 'HEAD']);
      log(`checked out ${stdout.trim()}`);
      return { dir, fingerprint: `git:${source.git}@${stdout.trim()}` };
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new DomainError('bad_request', missing ? 'git sources need git on the packaging host, and it has none' : `git clone of ${source.git} failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
    }
  }
  await mkdir(dir, { recursive: true });
  return { dir };
}
