import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import { statusByCode } from './error-status.js';
import { problem, type Problem } from './problem.js';

/** Turns anything thrown while serving a request into application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception, (request as { appRequestId?: string }).appRequestId ?? String(request.id));
    void reply.code(body.status).header('content-type', 'application/problem+json').send(body);
  }
}

export function toProblem(exception: unknown, requestId?: string): Problem {
  if (exception instanceof DomainError) {
    return problem(statusByCode[exception.code], exception.code, exception.message, exception.errors, requestId);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : status < 500 ? 'bad_request' : 'internal';
    return problem(status, code, exception.message, [], requestId);
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return problem(status, code, fastifyError.message ?? 'bad request', [], requestId);
  }
  rootLogger().error({ err: exception }, 'unhandled error');
  return problem(500, 'internal', 'internal error; the request id finds it in the logs', [], requestId);
}
