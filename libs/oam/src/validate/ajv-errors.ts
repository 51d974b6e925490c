import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '@appmanager/contracts';
import { pathOf, pointerSegments } from '../paths/property-path.js';

/**
 * Turns one ajv error into a detail whose path names the exact field (`required` and
 * `additionalProperties` point at the property itself, not at its parent). A schema may
 * carry `x-message` to replace ajv's wording (ajv must run with `verbose: true`).
 */
export function ajvErrorDetail(error: ErrorObject, basePath: string): ErrorDetail {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  if (error.keyword === 'required') {
    return { path: pathOf([...segments, String(params['missingProperty'])], basePath), message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    return { path: pathOf([...segments, String(params['additionalProperty'])], basePath), message: 'is not a known field' };
  }
  const path = pathOf(segments, basePath);
  if (typeof custom === 'string') return { path, message: custom };
  if (error.keyword === 'enum') {
    const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { path, message: `must be one of: ${allowed}` };
  }
  if (error.keyword === 'maxItems' && Array.isArray(error.data)) {
    return { path, message: `must have at most ${String(params['limit'])} items, not ${error.data.length}` };
  }
  if (error.keyword === 'const') return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
  return { path, message: error.message ?? `fails "${error.keyword}"` };
}

/**
 * ajv reports an anyOf/oneOf failure once per branch plus once for the keyword; a user
 * wants one line. Branch errors are folded into the keyword's error ("must be integer,
 * or must be equal to constant"); every other error maps one to one.
 */
export function ajvErrorDetails(errors: readonly ErrorObject[], basePath: string): ErrorDetail[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (error: ErrorObject): ErrorObject | undefined =>
    combinators.find((c) => c !== error && error.schemaPath.startsWith(`${c.schemaPath}/`));
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    if (branchOf(error)) continue;
    if (error === combinators.find((c) => c === error)) {
      const branches = errors.filter((e) => branchOf(e) === error && e.instancePath === error.instancePath).map((e) => ajvErrorDetail(e, basePath).message);
      const detail = ajvErrorDetail(error, basePath);
      details.push(branches.length > 0 ? { path: detail.path, message: [...new Set(branches)].join(', or ') } : detail);
      continue;
    }
    details.push(ajvErrorDetail(error, basePath));
  }
  return details;
}
