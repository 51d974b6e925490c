import { Ajv } from 'ajv';
import type { ErrorDetail } from '@appmanager/contracts';
import { ajvErrorDetails } from './ajv-errors.js';
import { applicationStructureSchema } from './application-structure.schema.js';

// verbose: errors carry the parent schema (for `x-message`) and the offending data.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
const validateStructure = ajv.compile(applicationStructureSchema);

/** Shape errors of an Application document (types, required fields, names, limits). */
export function checkStructure(doc: unknown): ErrorDetail[] {
  if (validateStructure(doc)) return [];
  return ajvErrorDetails(validateStructure.errors ?? [], '');
}
