import { DomainError } from '@appmanager/contracts';

export const unsafeEntry = (name: string, message: string): DomainError =>
  new DomainError('bad_request', `unsafe archive entry ${JSON.stringify(name)}: ${message}`, [{ path: name, message }]);

/**
 * The relative POSIX path an archive entry may be written to, with `./`, `.` and empty
 * segments and a trailing `/` removed. Empty for the archive root (`./`). Anything that
 * could land outside the destination — absolute paths, drive letters, `..` — is refused
 * rather than cleaned, so a hostile archive is reported, not silently rewritten.
 */
export function normalizeArchivePath(name: string): string {
  if (name.includes('\0')) throw unsafeEntry(name, 'path contains a NUL character');
  if (name.includes('\\')) throw unsafeEntry(name, 'path contains "\\"; archive paths use "/"');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafeEntry(name, 'absolute paths are not allowed');
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw unsafeEntry(name, 'path traversal ("..") is not allowed');
  const path = segments.join('/');
  if (path.length > 1024) throw unsafeEntry(name, 'path is longer than 1024 characters');
  return path;
}
