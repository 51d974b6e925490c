import type { ErrorCode } from '@appmanager/contracts';

/** The one place a domain error code becomes an HTTP status. */
export const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  plugin_failed: 422,
  plugin_timeout: 422,
  plugin_memory_limit: 422,
  capability_denied: 422,
  service_unavailable: 503,
  timeout: 504,
  internal: 500,
};

export const titleByStatus: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
