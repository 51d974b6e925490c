import type { Properties } from '../model/application.types.js';
import { pointerSegments, pathOf, type PathSegment } from '../paths/property-path.js';

type Schema = Record<string, unknown>;

/**
 * Paths inside `properties` (e.g. `db.password`, `users[0].token`) whose schema is marked
 * `x-secret: true`, for values present in `properties`. Follows properties,
 * patternProperties, additionalProperties, items/prefixItems, local `$ref`s and every
 * branch of allOf/anyOf/oneOf (a value a branch calls secret is treated as secret: when
 * in doubt, redact).
 */
export function secretPaths(schema: object | undefined, properties: unknown): string[] {
  return secretSegments(schema, properties).map((segments) => pathOf(segments));
}

/** A copy of `properties` with every secret value replaced by `mask`. */
export function redactSecrets<T extends Properties>(schema: object | undefined, properties: T, mask = '******'): T {
  const copy = structuredClone(properties);
  for (const segments of secretSegments(schema, copy)) {
    let holder: unknown = copy;
    for (const segment of segments.slice(0, -1)) holder = (holder as Record<PathSegment, unknown>)[segment];
    (holder as Record<PathSegment, unknown>)[segments.at(-1)!] = mask;
  }
  return copy;
}

function secretSegments(schema: object | undefined, properties: unknown): PathSegment[][] {
  if (!schema) return [];
  const root = schema as Schema;
  const found = new Map<string, PathSegment[]>();
  const stack: { schema: unknown; value: unknown; at: PathSegment[]; seen: Set<unknown> }[] = [
    { schema: root, value: properties, at: [], seen: new Set() },
  ];
  while (stack.length > 0) {
    const { schema: node, value, at, seen } = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node) || value === undefined) continue;
    seen.add(node); // a $ref loop at one value ends here
    const s = node as Schema;
    const same = (next: unknown): void => void stack.push({ schema: next, value, at, seen });
    if (s['x-secret'] === true && at.length > 0) {
      found.set(JSON.stringify(at), at);
      continue; // everything below a secret is secret already
    }
    if (typeof s['$ref'] === 'string') same(resolveRef(root, s['$ref']));
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (Array.isArray(s[keyword])) for (const branch of s[keyword] as unknown[]) same(branch);
    }
    const child = (next: unknown, childValue: unknown, segment: PathSegment): void =>
      void stack.push({ schema: next, value: childValue, at: [...at, segment], seen: new Set() });
    if (Array.isArray(value)) {
      const prefix = Array.isArray(s['prefixItems']) ? (s['prefixItems'] as unknown[]) : Array.isArray(s['items']) ? (s['items'] as unknown[]) : [];
      const rest = Array.isArray(s['items']) ? s['additionalItems'] : s['items'];
      value.forEach((item, i) => child(i < prefix.length ? prefix[i] : rest, item, i));
    } else if (value !== null && typeof value === 'object') {
      const named = (s['properties'] ?? {}) as Schema;
      const patterns = Object.entries((s['patternProperties'] ?? {}) as Schema);
      for (const [key, item] of Object.entries(value)) {
        let matched = false;
        if (Object.hasOwn(named, key)) {
          child(named[key], item, key);
          matched = true;
        }
        for (const [pattern, sub] of patterns) {
          if (safeTest(pattern, key)) {
            child(sub, item, key);
            matched = true;
          }
        }
        if (!matched) child(s['additionalProperties'], item, key);
      }
    }
  }
  return [...found.values()];
}

function resolveRef(root: Schema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined; // remote refs are not ours to fetch (no I/O here)
  let current: unknown = root;
  for (const segment of pointerSegments(decodeURIComponent(ref.slice(1)))) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}
