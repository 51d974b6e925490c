import { createHash } from 'node:crypto';
import semver from 'semver';

/** Same component archives under the same names → same hash: what "same content" means for a version. */
export function packageContentHash(components: Array<{ name: string; type: string; sha256: string }>): string {
  const lines = [...components].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => `${c.name}\t${c.type}\t${c.sha256}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** `auto`: the patch of the latest bumped; the first package of an app is 1.0.0. */
export function nextPatch(latest: string | undefined): string {
  if (!latest) return '1.0.0';
  const parsed = semver.parse(latest);
  if (!parsed) return '1.0.0';
  return `${parsed.major}.${parsed.minor}.${parsed.patch + 1}`;
}

export const archiveKeyFor = (app: string, component: string, id: string): string => `packages/${app}/components/${component}/${id}.tgz`;
export const manifestKeyFor = (app: string, version: string, id: string): string => `packages/${app}/manifests/${version}-${id}.json`;
export const archivePathFor = (component: string): string => `components/${component}.tgz`;
