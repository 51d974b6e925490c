import { z } from 'zod';
import { DomainError } from '@appmanager/contracts';

/** Validates query/path input with zod and reports every problem with its parameter name. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body' | 'path'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DomainError(
    'validation_failed',
    `invalid ${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || where} ${i.message}`).join('; ')}`,
    parsed.error.issues.map((i) => ({ path: [where === 'body' ? '' : where, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message })),
  );
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
