import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { ErrorDetail } from '@appmanager/contracts';
import { MAX_APPLICATION_BYTES } from '../model/application-limits.js';
import { SourceMap } from './source-map.js';

export type ApplicationFormat = 'yaml' | 'json';

export type ParseResult =
  | { ok: true; document: unknown; sourceMap: SourceMap }
  /** `tooLarge`: the caller answers `payload_too_large` rather than `validation_failed`. */
  | { ok: false; tooLarge: boolean; errors: ErrorDetail[] };

/** Aliases expanded when building the value: bounds "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses an Application document (YAML 1.2, or JSON) and keeps a source map so that
 * validation errors can carry line and column. Never throws on bad input.
 */
export function parseApplicationText(text: string, format: ApplicationFormat): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_APPLICATION_BYTES) {
    return {
      ok: false,
      tooLarge: true,
      errors: [{ path: '', message: `the document is ${bytes} bytes; the limit is ${MAX_APPLICATION_BYTES} bytes (1 MiB)` }],
    };
  }
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.2', uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { ok: false, tooLarge: false, errors: doc.errors.map((error) => yamlErrorDetail(error, lineCounter)) };
  let document: unknown;
  try {
    document = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // toJS throws for excessive alias expansion; there is no better position than the top.
    return { ok: false, tooLarge: false, errors: [{ path: '', message: (error as Error).message, line: 1, column: 1 }] };
  }
  if (document === null || document === undefined) {
    return { ok: false, tooLarge: false, errors: [{ path: '', message: 'the document is empty', line: 1, column: 1 }] };
  }
  return { ok: true, document, sourceMap: SourceMap.fromYaml(doc.contents, lineCounter) };
}

function parseJson(text: string): ParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, tooLarge: false, errors: [jsonErrorDetail(text, (error as Error).message)] };
  }
  if (document === null || typeof document !== 'object') {
    return { ok: false, tooLarge: false, errors: [{ path: '', message: 'the document must be a JSON object', line: 1, column: 1 }] };
  }
  // JSON is YAML 1.2 flow syntax: the YAML parser finds positions, but only if an error needs one.
  return { ok: true, document, sourceMap: SourceMap.fromText(text) };
}

function yamlErrorDetail(error: YAMLError, lineCounter: LineCounter): ErrorDetail {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  // Without prettyErrors the message is one plain sentence; the position goes in line/column.
  return { path: '', message: `invalid YAML: ${error.message.split('\n')[0]}`, line, column: col };
}

function jsonErrorDetail(text: string, message: string): ErrorDetail {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const offset = /at position (\d+)/.exec(message);
  let line = 1;
  let column = 1;
  if (lineColumn) {
    line = Number(lineColumn[1]);
    column = Number(lineColumn[2]);
  } else if (offset) {
    ({ line, column } = positionAt(text, Number(offset[1])));
  } else {
    // V8 gives no position for some messages ("Unexpected token '}'"); YAML's parser finds the spot.
    const yamlOffset = parseDocument(text).errors[0]?.pos[0];
    ({ line, column } = positionAt(text, yamlOffset ?? text.length));
  }
  // V8 echoes (part of) the input ("…, "{"a": }" is not valid JSON"); the position says enough.
  const clean = message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
  return { path: '', message: `invalid JSON: ${clean}`, line, column };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

