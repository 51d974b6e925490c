import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ObjectStore } from '@appmanager/artifacts';
import { DomainError } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';

/**
 * Large bodies (component sources, package files) are not buffered: requests with one of
 * these content types keep their raw stream, which goes straight to object storage. Small
 * archives sent as application/gzip or application/octet-stream arrive as Buffers (the
 * shared parsers) and are accepted too.
 */
export const streamingContentTypes = ['application/vnd.appmanager.package+tar', 'application/vnd.appmanager.source+gzip', 'application/x-tar'];

@Injectable()
export class StreamingUploads implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    for (const type of streamingContentTypes) {
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }
  }

  /** Stores the request body under uploads/ and returns its key, size and sha256. */
  async store(request: FastifyRequest, suffix: string, what: string): Promise<{ key: string; size: number; sha256: string }> {
    const body = request.body;
    const stream = Buffer.isBuffer(body) ? (body.length > 0 ? body : undefined) : body instanceof Readable ? body : undefined;
    if (!stream) {
      const type = String(request.headers['content-type'] ?? 'no content type');
      throw new DomainError('unsupported_media_type', `send the ${what} as ${streamingContentTypes.join(' or ')} (or application/gzip up to the body limit); got ${type}`, [
        { path: '(body)', message: `a ${what} is required` },
      ]);
    }
    return this.storage.put(`uploads/${randomUUID()}${suffix}`, stream);
  }
}
