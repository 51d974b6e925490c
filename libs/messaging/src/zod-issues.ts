import type { z } from 'zod';
import type { ErrorDetail } from '@appmanager/contracts';

/** zod issues as the `errors` of a DomainError: one entry per problem, with its path. */
export function zodIssuesToDetails(error: z.ZodError, root = ''): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.') || root || '(body)',
    message: issue.message,
  }));
}
