import { createHash } from 'node:crypto';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { DomainError, type ErrorDetail } from '@appmanager/contracts';

export const MAX_APPLICATION_BYTES = 1024 * 1024;

export interface ParsedApplication {
  document: Record<string, unknown>;
  components: Array<{ name: string; type: string }>;
  contentHash: string;
}

/**
 * Minimal parsing for the walking skeleton: YAML/JSON with positions on syntax errors,
 * the envelope fields, and component names/types. The full model and validation come
 * from the oam lib (deployment issue).
 */
export function parseApplicationDocument(app: string, text: string, format: 'yaml' | 'json'): ParsedApplication {
  if (Buffer.byteLength(text) > MAX_APPLICATION_BYTES) {
    throw new DomainError('payload_too_large', `the Application is over ${MAX_APPLICATION_BYTES} bytes`);
  }
  let document: unknown;
  try {
    document = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      throw new DomainError('validation_failed', `malformed YAML: ${error.message.split('\n')[0]}`, [
        { path: '', message: error.message.split('\n')[0] ?? 'malformed YAML', line: pos?.line, column: pos?.col },
      ]);
    }
    throw new DomainError('validation_failed', `malformed JSON: ${(error as Error).message}`, [{ path: '', message: (error as Error).message }]);
  }
  const errors: ErrorDetail[] = [];
  if (!isObject(document)) throw new DomainError('validation_failed', 'an Application must be a mapping', [{ path: '', message: 'expected a mapping' }]);
  if (document.kind !== 'Application') errors.push({ path: 'kind', message: 'must be Application' });
  const metadata = isObject(document.metadata) ? document.metadata : {};
  if (metadata.name !== undefined && metadata.name !== app) {
    errors.push({ path: 'metadata.name', message: `must match the app in the URL (${app})` });
  }
  const spec = isObject(document.spec) ? document.spec : undefined;
  if (!spec) errors.push({ path: 'spec', message: 'is required' });
  const rawComponents = spec && Array.isArray(spec.components) ? spec.components : [];
  if (spec && !Array.isArray(spec.components)) errors.push({ path: 'spec.components', message: 'must be a list' });
  const components = rawComponents.map((c: unknown, i: number) => {
    const name = isObject(c) && typeof c.name === 'string' ? c.name : '';
    const type = isObject(c) && typeof c.type === 'string' ? c.type : '';
    if (!name) errors.push({ path: `spec.components[${i}].name`, message: 'is required' });
    if (!type) errors.push({ path: `spec.components[${i}].type`, message: 'is required' });
    return { name, type };
  });
  if (errors.length) throw new DomainError('validation_failed', `the Application has ${errors.length} error(s)`, errors);
  const normalized = { ...document, metadata: { ...metadata, name: app } };
  const contentHash = createHash('sha256').update(JSON.stringify(normalized)).digest('hex');
  return { document: normalized, components, contentHash };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
