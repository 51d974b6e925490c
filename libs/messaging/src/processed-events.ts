/**
 * Where a durable consumer remembers which event ids it has handled, so redelivery
 * (at-least-once) never applies an event twice. Implemented in MySQL by persistence.
 */
export interface ProcessedEvents {
  has(consumer: string, eventId: string): Promise<boolean>;
  mark(consumer: string, eventId: string): Promise<void>;
}
