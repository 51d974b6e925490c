import { headers, type NatsConnection, errors as natsErrors } from '@nats-io/nats-core';
import type { z } from 'zod';
import {
  DomainError,
  REQUEST_ID_HEADER,
  rpcSubject,
  type RpcDefinition,
  type RpcEnvelope,
} from '@appmanager/contracts';
import { currentLogContext } from '@appmanager/logging';
import { decodeJson, encodeJson } from './json-codec.js';
import { zodIssuesToDetails } from './zod-issues.js';

/**
 * Calls another service's operation. A service that is down answers at once with
 * `service_unavailable` (NATS "no responders"); one that hangs is cut off after the
 * timeout. Domain errors come back with their code, message and details intact.
 */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly defaultTimeoutMs: number,
  ) {}

  async call<Req extends z.ZodType, Res extends z.ZodType>(
    def: RpcDefinition<Req, Res>,
    request: z.input<Req>,
    options: { timeoutMs?: number } = {},
  ): Promise<z.output<Res>> {
    const subject = rpcSubject(this.prefix, def);
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    const h = headers();
    const requestId = currentLogContext().requestId;
    if (requestId) h.set(REQUEST_ID_HEADER, String(requestId));
    let reply;
    try {
      reply = await this.nc.request(subject, encodeJson(request), { timeout, headers: h });
    } catch (error) {
      throw unreachable(def.service, subject, timeout, error);
    }
    const envelope = decodeJson(reply.data) as RpcEnvelope;
    if (!envelope.ok) throw DomainError.fromJSON(envelope.error);
    const parsed = def.response.safeParse(envelope.data);
    if (!parsed.success) {
      throw new DomainError('internal', `the ${def.service} service answered ${def.name} with an unexpected shape`, zodIssuesToDetails(parsed.error));
    }
    return parsed.data;
  }
}

function unreachable(service: string, subject: string, timeoutMs: number, error: unknown): DomainError {
  const cause = error instanceof natsErrors.RequestError ? (error.cause ?? error) : error;
  if (cause instanceof natsErrors.NoRespondersError || /no responders/i.test(String(cause))) {
    return new DomainError('service_unavailable', `the ${service} service is not running (nothing answers on ${subject})`, [], { service });
  }
  if (cause instanceof natsErrors.TimeoutError || /timeout/i.test(String(cause))) {
    return new DomainError('service_unavailable', `the ${service} service did not answer within ${timeoutMs}ms`, [], { service });
  }
  return new DomainError('service_unavailable', `cannot reach the ${service} service: ${String(cause)}`, [], { service });
}
