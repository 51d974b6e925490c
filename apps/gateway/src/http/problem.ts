import type { ErrorDetail } from '@appmanager/contracts';
import { titleByStatus } from './error-status.js';

/** RFC 9457 problem details, the body of every error the API returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ErrorDetail[];
  requestId?: string;
}

export function problem(status: number, code: string, detail: string, errors: ErrorDetail[] = [], requestId?: string): Problem {
  return {
    type: `https://appmanager.dev/problems/${code.replace(/_/g, '-')}`,
    title: titleByStatus[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors.length ? { errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
