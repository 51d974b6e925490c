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
