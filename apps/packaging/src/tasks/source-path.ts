import { isAbsolute, relative, resolve } from 'node:path';
import { DomainError } from '@appmanager/contracts';

/**
 * A `path` source resolved under the source root. Anything that escapes it (`..`, an
 * absolute path elsewhere) is refused: a package task must not read arbitrary host files.
 */
export function resolveSourcePath(root: string, path: string, where: string): string {
  const base = resolve(root);
  const absolute = resolve(base, path);
  const rel = relative(base, absolute);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new DomainError('bad_request', `source path ${JSON.stringify(path)} leaves the source root`, [
      { path: where, message: `must be a directory under the packaging source root (${base})` },
    ]);
  }
  return absolute;
}
