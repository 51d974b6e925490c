import type { FastifyInstance } from 'fastify';
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
  const offset = firstBadOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return new DomainError('bad_request', `malformed JSON body at line ${line}, column ${column}: ${message}`, [{ path: '(body)', message, line, column }]);
}

/**
 * Where a JSON text stops being valid. V8 does not always say, so find the longest
 * prefix that is still the start of some valid document ("viable" prefixes are closed
 * under shortening, so a binary search finds the boundary). Runs only on bad input.
 */
function firstBadOffset(text: string): number {
  const viable = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      return /end of JSON input|Unterminated string|Expected .* after|Unexpected end/i.test(String(error));
    }
  };
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (viable(mid)) good = mid;
    else bad = mid;
  }
  return Math.max(0, bad - 1);
}
