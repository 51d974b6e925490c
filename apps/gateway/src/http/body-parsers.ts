import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'yaml';
import { DomainError } from '@appmanager/contracts';

export const yamlContentTypes = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
export const archiveContentTypes = ['application/gzip', 'application/x-gzip', 'application/octet-stream', 'application/x-tar'];

/**
 * Bodies the API accepts. JSON is parsed here so a malformed document is a 400 that
 * says where (line and column); the raw text is kept for endpoints that parse it
 * themselves (Applications, whose errors carry YAML/JSON positions). YAML stays text.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    (request as { rawText?: string }).rawText = text;
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(malformedJson(text, error), undefined);
    }
  });
  fastify.addContentTypeParser(yamlContentTypes, { parseAs: 'string' }, (request, body, done) => {
    (request as { rawText?: string }).rawText = String(body);
    done(null, String(body));
  });
  fastify.addContentTypeParser(archiveContentTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

function malformedJson(text: string, error: unknown): DomainError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  let line: number | undefined;
  let column: number | undefined;
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    line = before.split('\n').length;
    column = offset - before.lastIndexOf('\n');
  } else {
    // V8 does not always say where; JSON is YAML 1.2, and the YAML parser does.
    const located = parseDocument(text).errors[0]?.linePos?.[0];
    line = located?.line;
    column = located?.col;
  }
  const where = line ? ` at line ${line}, column ${column}` : '';
  return new DomainError('bad_request', `malformed JSON body${where}: ${message}`, [{ path: '(body)', message, line, column }]);
}
