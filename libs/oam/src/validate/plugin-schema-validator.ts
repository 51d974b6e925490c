import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Compiled validators for plugin property schemas. Plugin schemas may carry annotations
 * (`x-secret`, UI hints), hence `strict: false`. Cached by the schema's JSON text, and
 * removed from ajv's own cache after compiling: a catalog that hands out fresh schema
 * objects must not grow memory forever, and two plugins may reuse one `$id`.
 */
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
// ajv-formats is CommonJS: under nodenext its default import is the module object.
addFormats.default(ajv);

const MAX_CACHED = 500;
const cache = new Map<string, ValidateFunction | Error>();

export function pluginSchemaValidator(schema: object): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = ajv.compile(schema);
    } catch (error) {
      entry = error as Error;
    } finally {
      ajv.removeSchema(schema);
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  return entry;
}
