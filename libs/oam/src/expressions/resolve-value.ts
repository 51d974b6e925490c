import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import type { Properties } from '../model/application.types.js';
import { joinPath } from '../paths/property-path.js';
import { forEachString, hasExpression, scanExpressions, type ContextKey, type Reference } from './expression.js';

/** What `${{ … }}` lookups read at run time. */
export interface ExpressionScope {
  parameters?: Properties;
  context?: Partial<Record<ContextKey, string | number>>;
  /** Values of outputs produced so far, by output name. */
  outputs?: Record<string, unknown>;
}

/** Why a reference could not be looked up, or undefined with the value. */
export function lookup(reference: Reference, scope: ExpressionScope): { found: true; value: unknown } | { found: false; message: string } {
  switch (reference.kind) {
    case 'parameters': {
      let current: unknown = scope.parameters ?? {};
      for (const [index, key] of reference.path.entries()) {
        // Own properties only: `parameters.constructor` must not reach Object.prototype.
        if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
          return { found: false, message: `unknown parameter "${reference.path.slice(0, index + 1).join('.')}"` };
        }
        current = (current as Record<string, unknown>)[key];
      }
      return { found: true, value: current };
    }
    case 'context': {
      const context = scope.context ?? {};
      if (!Object.hasOwn(context, reference.key) || context[reference.key] === undefined) {
        return { found: false, message: `context.${reference.key} is not known here` };
      }
      return { found: true, value: context[reference.key] };
    }
    case 'outputs': {
      const outputs = scope.outputs ?? {};
      if (!Object.hasOwn(outputs, reference.name)) return { found: false, message: `output "${reference.name}" has not been produced` };
      return { found: true, value: outputs[reference.name] };
    }
  }
}

/**
 * Deep-resolves `${{ … }}` lookups in a value. A string that is exactly one reference
 * takes the referenced value with its type (`"${{ parameters.replicas }}"` → 2);
 * references embedded in longer text are stringified (objects as JSON).
 * Throws DomainError `validation_failed` naming every reference it could not resolve.
 */
export function resolveValue(value: unknown, scope: ExpressionScope, basePath = ''): unknown {
  const errors: ErrorDetail[] = [];
  const resolved = resolveNode(value, scope, basePath, errors);
  if (errors.length > 0) throw new DomainError('validation_failed', `${errors.length} reference(s) could not be resolved`, errors);
  return resolved;
}

/**
 * Resolves what `scope` can answer and leaves every other string as written (validation
 * uses it: parameters are known before a deploy, outputs and context are not).
 */
export function resolveKnown(value: unknown, scope: ExpressionScope): unknown {
  return resolveNode(value, scope, '', []);
}

function resolveNode(value: unknown, scope: ExpressionScope, path: string, errors: ErrorDetail[]): unknown {
  if (typeof value === 'string') return resolveString(value, scope, path, errors);
  if (Array.isArray(value)) return value.map((item, index) => resolveNode(item, scope, joinPath(path, index), errors));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveNode(item, scope, joinPath(path, key), errors);
    return out;
  }
  return value;
}

function resolveString(text: string, scope: ExpressionScope, path: string, errors: ErrorDetail[]): unknown {
  const tokens = scanExpressions(text);
  if (tokens.length === 0) return text;
  const values: unknown[] = [];
  for (const token of tokens) {
    if (token.error || !token.reference) {
      errors.push({ path, message: token.error ?? 'invalid expression' });
      return text;
    }
    const found = lookup(token.reference, scope);
    if (!found.found) {
      errors.push({ path, message: found.message });
      return text;
    }
    values.push(found.value);
  }
  if (tokens.length === 1 && tokens[0]!.start === 0 && tokens[0]!.end === text.length) {
    // A copy, so that resolved properties never alias the scope's objects.
    return values[0] === undefined ? undefined : structuredClone(values[0]);
  }
  let out = '';
  let at = 0;
  tokens.forEach((token, index) => {
    out += text.slice(at, token.start) + stringify(values[index]);
    at = token.end;
  });
  return out + text.slice(at);
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every `${{ … }}` lookup inside a value, with the path of the string that holds it. */
export function collectReferences(value: unknown, basePath = ''): { path: string; reference?: Reference; error?: string }[] {
  const found: { path: string; reference?: Reference; error?: string }[] = [];
  forEachString(value, basePath, (text, path) => {
    if (!hasExpression(text)) return;
    for (const token of scanExpressions(text)) {
      found.push(token.reference ? { path, reference: token.reference } : { path, error: token.error ?? 'invalid expression' });
    }
  });
  return found;
}

/** Names of the outputs a value reads through `${{ outputs.NAME }}`, each once, in order. */
export function referencedOutputs(value: unknown): string[] {
  const names = new Set<string>();
  for (const { reference } of collectReferences(value)) if (reference?.kind === 'outputs') names.add(reference.name);
  return [...names];
}
