import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import type { InputSpec, Properties } from '../model/application.types.js';
import { dottedKeySegments } from '../paths/property-path.js';

/**
 * Sets each input's output value at its `parameterKey` (a dotted path) inside a copy of
 * `properties`, creating objects on the way. A numeric segment indexes an existing array.
 * Throws DomainError `validation_failed` naming every input it could not apply.
 */
export function applyInputs(
  properties: Properties | undefined,
  inputs: readonly InputSpec[] | undefined,
  outputs: Record<string, unknown>,
  basePath = 'inputs',
): Properties {
  const result: Properties = structuredClone(properties ?? {});
  const errors: ErrorDetail[] = [];
  (inputs ?? []).forEach((input, index) => {
    const path = `${basePath}[${index}]`;
    if (!Object.hasOwn(outputs, input.from)) {
      errors.push({ path: `${path}.from`, message: `output "${input.from}" has not been produced` });
      return;
    }
    const problem = setAtPath(result, input.parameterKey, structuredClone(outputs[input.from]));
    if (problem) errors.push({ path: `${path}.parameterKey`, message: problem });
  });
  if (errors.length > 0) throw new DomainError('validation_failed', `${errors.length} input(s) could not be applied`, errors);
  return result;
}

/** Sets `value` at a dotted path; returns why it cannot, or undefined on success. */
export function setAtPath(target: Properties, key: string, value: unknown): string | undefined {
  const segments = dottedKeySegments(key);
  if (!segments) return `"${key}" is not a dotted path (empty segment)`;
  let current: unknown = target;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const container = current as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) {
      if (!/^\d+$/.test(segment)) return `"${segments.slice(0, index).join('.')}" is a list; "${segment}" is not an index`;
      const at = Number(segment);
      if (last) container[at] = value;
      else current = container[at] = isContainer(container[at]) ? container[at] : {};
      continue;
    }
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') return `"${segment}" may not be set`;
    if (last) {
      container[segment] = value;
    } else {
      const next = container[segment];
      if (next !== undefined && next !== null && !isContainer(next)) {
        return `"${segments.slice(0, index + 1).join('.')}" holds a ${typeof next}, so "${key}" cannot be set inside it`;
      }
      current = container[segment] = isContainer(next) ? next : {};
    }
  }
  return undefined;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';
