import { rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { ObjectStore } from '@appmanager/artifacts';
import type { NodeSpec } from '../orders/node-spec.js';
import { prepareComponentWorkdir } from './package-workdir.js';

type Properties = Record<string, unknown>;

/**
 * Where packaged components are unpacked: the same root the local process supervisor
 * accepts as working directories (PROCESS_WORK_ROOT, default `.data/work`).
 */
export const workRoot = (): string => resolve(process.env.PROCESS_WORK_ROOT ?? '.data/work');

/**
 * A component deployed from a package runs its packaged files: unpack the archive
 * (sha256 verified while streaming) into a directory of its own for this node attempt,
 * and point the component there — `cwd` becomes that directory (or a path inside it),
 * and a `command` the build recorded is used when the Application gives none.
 */
export async function withPackagedFiles(
  store: ObjectStore,
  pkg: NonNullable<NodeSpec['package']>,
  where: { app: string; orderId: string; component: string; attempt: number },
  properties: Properties,
): Promise<Properties> {
  const dir = join(workRoot(), where.app, where.orderId, `${where.component}-${where.attempt}`);
  // A worker that died mid-extraction leaves a partial directory for this same attempt.
  await rm(dir, { recursive: true, force: true });
  await prepareComponentWorkdir(store, pkg, dir);
  const cwd = typeof properties.cwd === 'string' && !isAbsolute(properties.cwd) ? join(dir, properties.cwd) : dir;
  const command = properties.command ?? (Array.isArray(pkg.meta.command) ? pkg.meta.command : undefined);
  return { ...properties, cwd, ...(command ? { command } : {}) };
}
