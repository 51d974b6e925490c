import { joinPath } from '../paths/property-path.js';

/**
 * `${{ … }}` is a lookup, never code: `parameters.X[.Y…]`, `context.KEY`, `outputs.NAME`.
 * This module finds the references in a string and parses each one; nothing is evaluated.
 */
export const contextKeys = ['appName', 'namespace', 'stage', 'cluster', 'revision', 'packageVersion'] as const;
export type ContextKey = (typeof contextKeys)[number];

export type Reference =
  | { kind: 'parameters'; path: string[] }
  | { kind: 'context'; key: ContextKey }
  | { kind: 'outputs'; name: string };

export interface ExpressionToken {
  /** Offsets of `${{` and just after `}}` in the string. */
  start: number;
  end: number;
  /** The text as written, for messages. */
  text: string;
  reference?: Reference;
  /** Why the token is not an allowed lookup. */
  error?: string;
}

const tokenPattern = /\$\{\{(.*?)\}\}/gs;
const segment = '[A-Za-z_][A-Za-z0-9_-]*';
const lookupPattern = new RegExp(`^(parameters|context|outputs)((?:\\.${segment})+)$`);
const allowed = `only parameters.NAME, context.{${contextKeys.join(',')}} and outputs.NAME may be referenced`;

export const hasExpression = (text: string): boolean => text.includes('${{');

/** Every `${{ … }}` in `text`, in order, including malformed ones (with `error`). */
export function scanExpressions(text: string): ExpressionToken[] {
  if (!hasExpression(text)) return [];
  const tokens: ExpressionToken[] = [];
  let consumed = 0;
  for (const match of text.matchAll(tokenPattern)) {
    const start = match.index;
    pushUnterminated(text, consumed, start, tokens);
    const end = start + match[0].length;
    tokens.push({ start, end, text: match[0], ...parseLookup(match[1]!.trim(), match[0]) });
    consumed = end;
  }
  pushUnterminated(text, consumed, text.length, tokens);
  return tokens;
}

function pushUnterminated(text: string, from: number, to: number, tokens: ExpressionToken[]): void {
  const at = text.slice(from, to).indexOf('${{');
  if (at < 0) return;
  tokens.push({ start: from + at, end: to, text: text.slice(from + at, to), error: `"${text.slice(from + at, to)}" has no closing "}}"` });
}

function parseLookup(inner: string, written: string): { reference: Reference } | { error: string } {
  const match = lookupPattern.exec(inner);
  if (!match) return { error: `"${written}" is not a lookup; ${allowed}` };
  const root = match[1]!;
  const path = match[2]!.slice(1).split('.');
  if (root === 'parameters') return { reference: { kind: 'parameters', path } };
  if (path.length !== 1) return { error: `"${written}": ${root} takes one name, not a path; ${allowed}` };
  const name = path[0]!;
  if (root === 'outputs') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { error: `"${written}": "${name}" is not an output name` };
    return { reference: { kind: 'outputs', name } };
  }
  if (!(contextKeys as readonly string[]).includes(name)) {
    return { error: `"${written}": unknown context key "${name}"; known keys: ${contextKeys.join(', ')}` };
  }
  return { reference: { kind: 'context', key: name as ContextKey } };
}

/** Calls `visit` for every string inside `value` (object values and array items), with its path. */
export function forEachString(value: unknown, basePath: string, visit: (text: string, path: string) => void): void {
  const stack: { value: unknown; path: string }[] = [{ value, path: basePath }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') visit(current, path);
    else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: joinPath(path, i) });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: joinPath(path, entries[i]![0]) });
    }
  }
}
