import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import { jsonSchemaProblem } from './json-schema-check.js';
import { manifestSchema, type ValidManifest } from './manifest.schema.js';

/**
 * Parses and validates a manifest file. Every problem is reported at once, each naming
 * the file and field (`manifest.yaml: version: must be semver`), with the line and
 * column of the offending value when the manifest is YAML.
 */
export function parseManifest(file: string, text: string): ValidManifest {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e): ErrorDetail => {
      const pos = lines.linePos(e.pos[0]);
      return { path: file, message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
    });
    throw invalidManifest(errors);
  }
  const value: unknown = doc.toJS();
  if (!isMap(doc.contents)) throw invalidManifest([{ path: file, message: 'must be a mapping of manifest fields (kind, name, version, …)' }]);
  const parsed = manifestSchema.safeParse(value);
  const at = (path: PropertyKey[], message: string): ErrorDetail => locate(file, doc, lines, path, message);
  if (!parsed.success) {
    throw invalidManifest(parsed.error.issues.map((issue) => at(issue.path, issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message)));
  }
  const schemaProblem = jsonSchemaProblem(parsed.data.schema);
  if (schemaProblem) throw invalidManifest([at(['schema'], `is not a valid JSON Schema: ${schemaProblem}`)]);
  return parsed.data;
}

export const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

function locate(file: string, doc: Document, lines: LineCounter, path: PropertyKey[], message: string): ErrorDetail {
  const field = fieldPath(path) || '(root)';
  const detail: ErrorDetail = { path: `${file}:${field}`, message };
  // The value's position, or the nearest parent that exists (a missing field points at its mapping).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      detail.line = pos.line;
      detail.column = pos.col;
      break;
    }
  }
  return detail;
}

function invalidManifest(errors: ErrorDetail[]): DomainError {
  const where = (e: ErrorDetail): string => {
    const [file, field] = e.path.split(':');
    const line = e.line === undefined ? '' : `:${e.line}:${e.column}`;
    return field ? `${file}${line}: ${field}` : `${file}${line}`;
  };
  const summary = errors.map((e) => `${where(e)}: ${e.message}`).join('; ');
  return new DomainError('validation_failed', `invalid plugin manifest: ${summary}`, errors);
}
