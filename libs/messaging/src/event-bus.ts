import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { z } from 'zod';
import {
  eventEnvelope,
  eventSubject,
  eventsStreamName,
  eventsSubjectRoot,
  type EventDefinition,
  type EventEnvelope,
} from '@appmanager/contracts';
import { rootLogger, withLogContext } from '@appmanager/logging';
import { metrics } from '@appmanager/metrics';
import { decodeJson, encodeJson } from './json-codec.js';
import type { ProcessedEvents } from './processed-events.js';
import { SendCoalescer } from './send-coalescer.js';

const nanos = (ms: number): number => ms * 1_000_000;

export interface StreamSpec {
  name: string;
  subjects: string[];
  maxAgeMs: number;
}

/**
 * Domain events on JetStream. Publishing sets Nats-Msg-Id to the event id so the stream
 * drops duplicates inside its window; consumers are durable (they resume where they
 * left off after a restart) and skip event ids they already processed.
 */
export class EventBus {
  private readonly js: JetStreamClient;
  private readonly consumers: ConsumerMessages[] = [];
  private readonly live: Subscription[] = [];
  /** Publishes of one event-loop turn go out in one socket write. */
  private readonly sends = new SendCoalescer();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
    private readonly source: string,
  ) {
    this.js = jetstream(nc);
  }

  static async create(nc: NatsConnection, prefix: string, source: string): Promise<EventBus> {
    const bus = new EventBus(nc, await jetstreamManager(nc), prefix, source);
    await bus.ensureStream({ name: eventsStreamName(prefix), subjects: [`${eventsSubjectRoot(prefix)}.>`], maxAgeMs: 7 * 24 * 3600_000 });
    return bus;
  }

  /** Creates the stream if missing; leaves an existing one alone (another replica made it). */
  async ensureStream(spec: StreamSpec): Promise<void> {
    try {
      await this.jsm.streams.info(spec.name);
    } catch (error) {
      if (!(error instanceof JetStreamApiError) && !/not found/i.test(String(error))) throw error;
      try {
        await this.jsm.streams.add({ name: spec.name, subjects: spec.subjects, max_age: nanos(spec.maxAgeMs), duplicate_window: nanos(120_000) });
      } catch (addError) {
        // Two replicas starting together: the loser sees "already in use".
        if (!/already in use|exists/i.test(String(addError))) throw addError;
      }
    }
  }

  async deleteStream(name: string): Promise<void> {
    await this.jsm.streams.delete(name).catch(() => undefined);
  }

  async publish<S extends z.ZodType>(def: EventDefinition<S>, data: z.input<S>, eventId: string = randomUUID()): Promise<EventEnvelope<z.output<S>>> {
    const envelope = { eventId, type: def.type, occurredAt: new Date().toISOString(), source: this.source, data: def.data.parse(data) };
    await this.publishRaw(eventSubject(this.prefix, def.type), envelope, eventId);
    return envelope;
  }

  /**
   * Publishes without waiting for the stream's acknowledgement: a plain NATS publish on
   * a subject the stream captures, still de-duplicated by event id. For high-rate,
   * informational events (node transitions) whose truth lives in MySQL — a lost one
   * costs a dashboard line, never state; everything consumers act on uses `publish`.
   */
  announce<S extends z.ZodType>(def: EventDefinition<S>, data: z.input<S>, eventId: string = randomUUID()): void {
    const subject = eventSubject(this.prefix, def.type);
    const envelope = { eventId, type: def.type, occurredAt: new Date().toISOString(), source: this.source, data: def.data.parse(data) };
    const h = natsHeaders();
    h.set('Nats-Msg-Id', eventId);
    const payload = encodeJson(envelope);
    void this.sends
      .defer(() => this.nc.publish(subject, payload, { headers: h }))
      .then(
        () => metrics().events.inc({ subject, direction: 'out', outcome: 'ok' }),
        (error: unknown) => {
          metrics().events.inc({ subject, direction: 'out', outcome: 'error' });
          rootLogger().warn({ err: error, subject }, 'could not announce an event');
        },
      );
  }

  /** Publishes a payload as is (CI events and dead letters are not our envelopes). */
  async publishRaw(subject: string, payload: unknown, msgID?: string): Promise<void> {
    try {
      const data = encodeJson(payload);
      await this.sends.defer(() => this.js.publish(subject, data, msgID ? { msgID } : undefined));
      metrics().events.inc({ subject, direction: 'out', outcome: 'ok' });
    } catch (error) {
      metrics().events.inc({ subject, direction: 'out', outcome: 'error' });
      throw error;
    }
  }

  /**
   * A durable consumer of one event type. At least once: a handler that throws gets the
   * event again after a delay (up to maxDeliver times); ids already processed are acked
   * without running the handler again.
   */
  async consume<S extends z.ZodType>(
    durable: string,
    def: EventDefinition<S>,
    handler: (event: EventEnvelope<z.output<S>>) => Promise<void>,
    options: { processed?: ProcessedEvents; maxDeliver?: number; ackWaitMs?: number } = {},
  ): Promise<void> {
    const subject = eventSubject(this.prefix, def.type);
    await this.consumeSubject(eventsStreamName(this.prefix), durable, subject, async (raw) => {
      const envelope = eventEnvelope.parse(raw);
      const data = def.data.parse(envelope.data);
      const processed = options.processed;
      if (processed && (await processed.has(durable, envelope.eventId))) return;
      await withLogContext({ eventId: envelope.eventId }, () => handler({ ...envelope, data }));
      await processed?.mark(durable, envelope.eventId);
    }, options);
  }

  /** Low-level durable consumption of any subject in any stream (CI events use it). */
  async consumeSubject(
    stream: string,
    durable: string,
    filterSubject: string,
    handler: (payload: unknown, msg: JsMsg) => Promise<void>,
    options: { maxDeliver?: number; ackWaitMs?: number } = {},
  ): Promise<void> {
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      max_deliver: options.maxDeliver ?? 10,
      ack_wait: nanos(options.ackWaitMs ?? 30_000),
    };
    try {
      await this.jsm.consumers.info(stream, durable);
    } catch {
      await this.jsm.consumers.add(stream, config).catch((error: unknown) => {
        if (!/already|exists/i.test(String(error))) throw error;
      });
    }
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 256 });
    this.consumers.push(messages);
    void (async () => {
      for await (const msg of messages) {
        try {
          await handler(decodeJson(msg.data), msg);
          msg.ack();
          metrics().events.inc({ subject: filterSubject, direction: 'in', outcome: 'ok' });
        } catch (error) {
          metrics().events.inc({ subject: filterSubject, direction: 'in', outcome: 'error' });
          rootLogger().warn({ err: error, subject: msg.subject, durable, delivery: msg.info.deliveryCount }, 'event handler failed; will be redelivered');
          msg.nak(Math.min(1_000 * msg.info.deliveryCount, 10_000));
        }
      }
    })();
  }

  /**
   * Live events only (no durability), for Server-Sent Events to dashboards: JetStream
   * publishes are ordinary NATS messages too, so a core subscription sees them as they
   * happen without creating consumers on the server.
   */
  subscribeLive(typePattern: string, onEvent: (event: EventEnvelope) => void): () => void {
    const sub = this.nc.subscribe(eventSubject(this.prefix, typePattern), {
      callback: (err, msg) => {
        if (err) return;
        const parsed = eventEnvelope.safeParse(decodeJson(msg.data));
        if (parsed.success) onEvent(parsed.data as EventEnvelope);
      },
    });
    this.live.push(sub);
    return () => sub.unsubscribe();
  }

  async close(): Promise<void> {
    for (const sub of this.live) sub.unsubscribe();
    await Promise.allSettled(this.consumers.map((c) => c.close()));
  }
}

/** For tests and uninstall: remove every stream whose name starts with the prefix's stream prefix. */
export async function deleteStreamsWithPrefix(nc: NatsConnection, prefix: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const deleted: string[] = [];
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${prefix.toUpperCase()}_`)) {
      await jsm.streams.delete(name).catch(() => undefined);
      deleted.push(name);
    }
  }
  return deleted;
}
