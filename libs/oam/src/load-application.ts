import { DomainError } from '@appmanager/contracts';
import type { Application } from './model/application.types.js';
import type { PluginCatalog } from './model/plugin-catalog.types.js';
import { parseApplicationText, type ApplicationFormat } from './parse/parse-application-text.js';
import { validateApplication } from './validate/validate-application.js';

/**
 * parse + validate in one call, for callers that want an exception: DomainError
 * `payload_too_large` over 1 MiB, otherwise `validation_failed` with every error located.
 */
export function loadApplication(text: string, format: ApplicationFormat, catalog: PluginCatalog): Application {
  const parsed = parseApplicationText(text, format);
  if (!parsed.ok) {
    throw new DomainError(parsed.tooLarge ? 'payload_too_large' : 'validation_failed', parsed.errors[0]!.message, parsed.errors);
  }
  const result = validateApplication(parsed.document, catalog, parsed.sourceMap);
  if (!result.ok) throw new DomainError('validation_failed', `the application has ${result.errors.length} error(s)`, result.errors);
  return result.application;
}
