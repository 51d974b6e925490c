import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates properties against a plugin version's schema, reporting every error with the
 * dotted path of the field. Versions are immutable, so a compiled validator is cached by
 * content hash (bounded, oldest dropped first). Runtime validation is not strict: the
 * schema was already checked strictly at upload.
 */
export class PropertiesValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly maxCached = 500) {
    // ajv-formats is CommonJS: under nodenext its default import is the module object.
    addFormats.default(this.ajv);
  }

  validate(contentHash: string, schema: object, properties: unknown): Array<{ path: string; message: string }> {
    let check = this.cache.get(contentHash);
    if (!check) {
      check = this.ajv.compile(schema);
      this.ajv.removeSchema(schema);
      if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(contentHash, check);
    }
    return check(properties) ? [] : (check.errors ?? []).map(toDetail);
  }
}

function toDetail(error: ErrorObject): { path: string; message: string } {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { path: dotted([...segments, String(params['missingProperty'])]), message: 'is required' };
  if (error.keyword === 'additionalProperties') return { path: dotted([...segments, String(params['additionalProperty'])]), message: 'is not a known field' };
  if (error.keyword === 'enum') return { path: dotted(segments), message: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path: dotted(segments), message: error.message ?? `fails ${error.keyword}` };
}

const dotted = (segments: string[]): string =>
  segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || '(properties)';
