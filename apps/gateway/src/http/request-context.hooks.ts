import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { logContext, rootLogger } from '@appmanager/logging';
import { metrics } from '@appmanager/metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Every request gets an id (the caller's x-request-id when it is sane, else a new one),
 * echoed in the response, bound to every log line it causes (here and, through NATS
 * headers, in the services), and counted in the metrics.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (request as { appRequestId?: string }).appRequestId = requestId;
    void reply.header('x-request-id', requestId);
    logContext.run({ requestId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const seconds = reply.elapsedTime / 1000;
    metrics().httpRequests.inc({ method: request.method, route, status });
    metrics().httpDuration.observe({ method: request.method, route, status }, seconds);
    if (route !== '/metrics' && route !== '/healthz') {
      rootLogger().info(
        { requestId: (request as { appRequestId?: string }).appRequestId, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
    }
    done();
  });
}
