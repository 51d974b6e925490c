import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Checks that a plugin's property schema is itself a valid JSON Schema, in ajv's strict
 * mode: unknown keywords (typos such as `requird`), ignored keywords and ambiguous types
 * are mistakes a platform engineer wants to hear about at upload, not at deploy time.
 * Annotations AppManager understands (`x-secret`, `x-message`, `x-ui`) are declared.
 * `strictRequired` stays off: `anyOf: [{required: [a]}, {required: [b]}]` ("one of
 * these fields") is idiomatic JSON Schema that it would reject.
 */
const strictAjv = new Ajv({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true, logger: false });
// ajv-formats is CommonJS: under nodenext its default import is the module object.
addFormats.default(strictAjv);
for (const keyword of ['x-secret', 'x-message', 'x-ui']) strictAjv.addKeyword({ keyword });

/** The compile error's text, or undefined when the schema compiles. */
export function jsonSchemaProblem(schema: object): string | undefined {
  try {
    strictAjv.compile(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    strictAjv.removeSchema(schema);
  }
}
