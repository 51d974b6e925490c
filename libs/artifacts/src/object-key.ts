import { DomainError } from '@appmanager/contracts';

export const maxKeyLength = 1024;

/** Why a key is unusable, or undefined when it is fine. Shared by keys and list prefixes. */
function keyProblem(key: string, isPrefix: boolean): string | undefined {
  if (typeof key !== 'string') return 'must be a string';
  if (!isPrefix && key.length === 0) return 'must not be empty';
  if (key.length > maxKeyLength) return `must be at most ${maxKeyLength} characters (got ${key.length})`;
  if (key.includes('\0')) return 'must not contain NUL characters';
  if (key.startsWith('/')) return 'must not start with "/"';
  if (key.includes('\\')) return 'must not contain "\\" (use "/" between segments)';
  const segments = key.split('/');
  // A prefix may end in "/" (list everything below a folder) or in a partial segment.
  const checked = isPrefix ? segments.slice(0, -1) : segments;
  for (const segment of checked) {
    if (segment === '..' || segment === '.') return `must not contain "${segment}" segments`;
    if (segment === '') return isPrefix ? 'must not contain empty segments ("//")' : 'must not contain empty segments or end with "/"';
  }
  const last = segments.at(-1);
  if (isPrefix && (last === '..' || last === '.')) return `must not contain "${last}" segments`;
  return undefined;
}

/**
 * Keys map onto file paths in the local driver, so anything that could escape the
 * storage root (`..`, a leading `/`) or that a file system cannot hold (NUL) is refused.
 */
export function assertValidKey(key: string, path = 'key'): void {
  const problem = keyProblem(key, false);
  if (problem) throw new DomainError('bad_request', `invalid object key: ${problem}`, [{ path, message: problem }]);
}

export function assertValidPrefix(prefix: string, path = 'prefix'): void {
  const problem = keyProblem(prefix, true);
  if (problem) throw new DomainError('bad_request', `invalid key prefix: ${problem}`, [{ path, message: problem }]);
}
