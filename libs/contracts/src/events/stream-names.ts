/**
 * JetStream layout. One stream for domain events (`<prefix>.events.>`), one for external
 * CI events. Names derive from the NATS prefix so test runs never share a stream.
 * Only features of NATS 2.9 are used (no multi-filter consumers, no stream metadata).
 */
export const eventsStreamName = (prefix: string): string => `${prefix.toUpperCase()}_EVENTS`;
export const eventsSubjectRoot = (prefix: string): string => `${prefix}.events`;
export const eventSubject = (prefix: string, type: string): string => `${eventsSubjectRoot(prefix)}.${type}`;

export const ciStreamName = (prefix: string): string => `${prefix.toUpperCase()}_CI`;
export const ciBuildSubject = (prefix: string): string => `${prefix}.ci.build.v1`;
export const ciDeadLetterSubject = (prefix: string): string => `${prefix}.ci.build.dead.v1`;
