import type { SerializedDomainError } from '../errors/domain-error.js';

/** What every reply on the wire looks like: data, or a domain error with its code intact. */
export type RpcEnvelope<T = unknown> = { ok: true; data: T } | { ok: false; error: SerializedDomainError };

/** Header that carries the caller's request id so both sides log the same correlation id. */
export const REQUEST_ID_HEADER = 'x-request-id';
