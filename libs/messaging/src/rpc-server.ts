import { randomUUID } from 'node:crypto';
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { z } from 'zod';
import {
  DomainError,
  REQUEST_ID_HEADER,
  rpcQueueGroup,
  rpcSubject,
  type RpcDefinition,
  type RpcEnvelope,
} from '@appmanager/contracts';
import { rootLogger, withLogContext } from '@appmanager/logging';
import { metrics } from '@appmanager/metrics';
import { decodeJson, encodeJson } from './json-codec.js';
import { zodIssuesToDetails } from './zod-issues.js';

type Handler<Req extends z.ZodType, Res extends z.ZodType> = (request: z.output<Req>) => Promise<z.input<Res>>;

/**
 * Serves request/reply operations for one service. Every replica joins the service's
 * queue group, so NATS spreads requests across them. Requests are validated against the
 * contract before the handler sees them; any error leaves as a domain error with its code.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  handle<Req extends z.ZodType, Res extends z.ZodType>(def: RpcDefinition<Req, Res>, handler: Handler<Req, Res>): void {
    const subject = rpcSubject(this.prefix, def);
    const sub = this.nc.subscribe(subject, {
      queue: rpcQueueGroup(def.service),
      callback: (err, msg) => {
        if (err) {
          rootLogger().error({ err, subject }, 'rpc subscription error');
          return;
        }
        const work = this.serve(def, handler, msg, subject);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
    this.subscriptions.push(sub);
  }

  /** Stop taking requests, then let the ones already taken finish (graceful shutdown). */
  async close(): Promise<void> {
    for (const sub of this.subscriptions) sub.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }

  private async serve<Req extends z.ZodType, Res extends z.ZodType>(
    def: RpcDefinition<Req, Res>,
    handler: Handler<Req, Res>,
    msg: Msg,
    subject: string,
  ): Promise<void> {
    const requestId = msg.headers?.get(REQUEST_ID_HEADER) || randomUUID();
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      let envelope: RpcEnvelope;
      try {
        const parsed = def.request.safeParse(msg.data.length ? decodeJson(msg.data) : {});
        if (!parsed.success) {
          throw new DomainError('validation_failed', `invalid request for ${def.service}.${def.name}`, zodIssuesToDetails(parsed.error));
        }
        envelope = { ok: true, data: await handler(parsed.data) };
      } catch (error) {
        envelope = { ok: false, error: toDomainError(error, subject).toJSON() };
      }
      const outcome = envelope.ok ? 'ok' : envelope.error.code;
      metrics().natsRequests.inc({ subject: `${def.service}.${def.name}`, outcome });
      metrics().natsDuration.observe({ subject: `${def.service}.${def.name}`, outcome }, (performance.now() - started) / 1000);
      try {
        msg.respond(encodeJson(envelope));
      } catch (error) {
        rootLogger().warn({ err: error, subject }, 'could not send rpc reply (caller gone?)');
      }
    });
  }
}

function toDomainError(error: unknown, subject: string): DomainError {
  if (error instanceof DomainError) return error;
  rootLogger().error({ err: error, subject }, 'unexpected error in rpc handler');
  return new DomainError('internal', error instanceof Error ? error.message : String(error));
}
