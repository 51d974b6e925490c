import { z } from 'zod';
import { defineRpc } from './define-rpc.js';

export const serviceHealthResponse = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  /** What this service can do today; a service whose capability lands later says so here. */
  capabilities: z.array(z.string()),
  note: z.string().optional(),
  uptimeSeconds: z.number(),
  version: z.string(),
});
export type ServiceHealth = z.output<typeof serviceHealthResponse>;

/** Every service answers this on its own subject. */
export const serviceHealthRpc = (service: string) => defineRpc(service, 'health', z.object({}).strict(), serviceHealthResponse);
