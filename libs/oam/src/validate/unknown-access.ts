/**
 * Rules run on the raw document even when its shape is wrong (so that every error is
 * reported at once); these guards read it without trusting it.
 */
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
