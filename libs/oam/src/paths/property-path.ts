/**
 * Paths name a place in a document the way a user reads it: `spec.components[1].traits[0].type`.
 * Keys that are not plain identifiers are quoted (`env["MY.VAR"]`) so a path stays unambiguous.
 * Every error and the source map use these helpers, so their paths always agree.
 */
export type PathSegment = string | number;

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function joinPath(base: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (plainKey.test(segment)) return base === '' ? segment : `${base}.${segment}`;
  return `${base}[${JSON.stringify(segment)}]`;
}

export function pathOf(segments: readonly PathSegment[], base = ''): string {
  let path = base;
  for (const segment of segments) path = joinPath(path, segment);
  return path;
}

const lastSegment = /(?:\.[^.[\]]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/;

/** The path one level up, or undefined at the root (`""`). */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const match = lastSegment.exec(path);
  if (!match) return '';
  return path.slice(0, match.index);
}

/** Converts an ajv `instancePath` (JSON Pointer, RFC 6901) into segments. */
export function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

/**
 * Splits an `inputs[].parameterKey` (`env.DB_URL`, `ports.0.number`) into segments.
 * Returns undefined for an empty key or an empty segment (`env..X`).
 */
export function dottedKeySegments(key: string): string[] | undefined {
  const segments = key.split('.');
  return segments.every((s) => s.length > 0) ? segments : undefined;
}
