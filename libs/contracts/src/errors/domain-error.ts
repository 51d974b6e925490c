/**
 * Errors every service and lib throws. They carry a stable code and travel across NATS
 * unchanged; only the gateway turns a code into an HTTP status (see error-status.ts in
 * the gateway). Libs never throw HTTP exceptions: workers share them.
 */
export const errorCodes = [
  'bad_request',
  'validation_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden',
  'plugin_failed',
  'plugin_timeout',
  'plugin_memory_limit',
  'capability_denied',
  'service_unavailable',
  'timeout',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem in the input, located by a path (`spec.components[1].type`) and, for YAML, line/column. */
export interface ErrorDetail {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: ErrorDetail[] = [],
    /** Extra machine-readable facts (never secrets), e.g. the plugin name and version. */
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The wire form: what crosses NATS and what the gateway renders. */
  toJSON(): SerializedDomainError {
    return { code: this.code, message: this.message, errors: this.errors, meta: this.meta };
  }

  static fromJSON(value: SerializedDomainError): DomainError {
    const code = (errorCodes as readonly string[]).includes(value.code) ? value.code : 'internal';
    return new DomainError(code, value.message, value.errors ?? [], value.meta ?? {});
  }
}

export interface SerializedDomainError {
  code: ErrorCode;
  message: string;
  errors?: ErrorDetail[];
  meta?: Record<string, unknown>;
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
