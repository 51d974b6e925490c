import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DomainError } from '@appmanager/contracts';
import { fileName } from './process-files.js';

/**
 * Decides the working directory of a process. Everything runs under one work root, so a
 * plugin (or an application's properties) cannot point a process at /etc or at another
 * app's files: absent → a directory of the key's own under the root (created); relative
 * → resolved against the root; absolute → must already be under the root. Symlinks are
 * resolved before the check, so a link inside the root cannot lead out of it.
 */
export function resolveWorkDir(workRoot: string, key: string, cwd: string | undefined): string {
  mkdirSync(workRoot, { recursive: true });
  const root = realpathSync(resolve(workRoot));
  if (cwd === undefined) {
    const own = join(root, fileName(key));
    mkdirSync(own, { recursive: true });
    return own;
  }
  const wanted = isAbsolute(cwd) ? resolve(cwd) : resolve(root, cwd);
  const outside = (path: string): boolean => {
    const rel = relative(root, path);
    return rel.startsWith('..') || isAbsolute(rel);
  };
  if (outside(wanted)) throw cwdError(cwd, `must be under the work root ${root}`);
  if (!existsSync(wanted)) throw cwdError(cwd, `does not exist (resolved to ${wanted})`);
  const real = realpathSync(wanted);
  if (outside(real)) throw cwdError(cwd, `leads outside the work root ${root} through a symbolic link`);
  if (!statSync(real).isDirectory()) throw cwdError(cwd, 'is not a directory');
  return real;
}

function cwdError(cwd: string, why: string): DomainError {
  return new DomainError('validation_failed', `cwd '${cwd}' ${why}`, [{ path: 'cwd', message: why }]);
}
