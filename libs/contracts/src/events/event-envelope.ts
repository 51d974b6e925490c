import { z } from 'zod';

/**
 * Every domain event on JetStream: an id consumers deduplicate by (also sent as the
 * Nats-Msg-Id header so the stream drops duplicates inside its window), a versioned
 * type that equals the subject suffix, and the payload.
 */
export const eventEnvelope = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  occurredAt: z.string(),
  source: z.string(),
  data: z.unknown(),
});
export type EventEnvelope<T = unknown> = Omit<z.output<typeof eventEnvelope>, 'data'> & { data: T };

export interface EventDefinition<S extends z.ZodType> {
  /** Subject suffix after `<prefix>.events.`, ends with the version: `deployment.order-changed.v1`. */
  type: string;
  data: S;
}

export const defineEvent = <S extends z.ZodType>(type: string, data: S): EventDefinition<S> => ({ type, data });
