import { isDomainError } from '@appmanager/contracts';

/** What an operator reads on a failed node: which call failed and the plugin's own words (file:line included by the runtime). */
export function describeFailure(step: string, error: unknown): string {
  if (isDomainError(error)) {
    const detail = error.errors.length > 0 ? ` (${error.errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')})` : '';
    return `${step} failed: ${error.message}${detail}`;
  }
  return `${step} failed: ${error instanceof Error ? error.message : String(error)}`;
}
