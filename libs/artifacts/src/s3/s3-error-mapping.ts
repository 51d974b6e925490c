import { DomainError } from '@appmanager/contracts';

/** Socket-level failures: the storage is down or unreachable, not a problem with the request. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
]);
const notFoundCodes = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

interface CodedError {
  code?: string;
  message?: string;
  errors?: unknown[];
}

function networkCodeOf(error: CodedError): string | undefined {
  if (error.code && unreachableCodes.has(error.code)) return error.code;
  // Node's happy-eyeballs connect reports an AggregateError whose parts carry the codes.
  for (const inner of error.errors ?? []) {
    const code = (inner as CodedError | undefined)?.code;
    if (code && unreachableCodes.has(code)) return code;
  }
  return undefined;
}

/** Turns whatever the minio client threw into a DomainError a service can hand on as is. */
export function toDomainError(error: unknown, endpoint: string, key?: string): DomainError {
  if (error instanceof DomainError) return error;
  const coded = (error ?? {}) as CodedError;
  const networkCode = networkCodeOf(coded);
  let result: DomainError;
  if (networkCode) {
    const reason = coded.message || networkCode;
    result = new DomainError('service_unavailable', `object storage unreachable at ${endpoint}: ${reason}`, [], { endpoint });
  } else if (coded.code && notFoundCodes.has(coded.code)) {
    result = new DomainError('not_found', key ? `object not found: ${key}` : `not found in object storage: ${coded.message}`, [], { key });
  } else {
    result = new DomainError('internal', `object storage error at ${endpoint}: ${coded.message ?? String(error)}`, [], {
      endpoint,
      key,
      s3Code: coded.code,
    });
  }
  result.cause = error;
  return result;
}
