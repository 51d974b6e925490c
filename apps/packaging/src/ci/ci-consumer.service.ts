import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ciBuildSubject, ciDeadLetterSubject, ciStreamName } from '@appmanager/contracts';
import { CONFIG, EVENT_BUS, NATS } from '@appmanager/bootstrap';
import type { InfraConfig } from '@appmanager/config';
import { rootLogger } from '@appmanager/logging';
import { decodeJson, encodeJson, type EventBus, type NatsConnection } from '@appmanager/messaging';
import { PACKAGING_ENV, type PackagingEnv } from '../packaging-env.js';
import { CiTriggerUseCase } from './ci-trigger.usecase.js';
import { DeadLetters } from './dead-letters.js';

export const ciDurable = 'packaging-ci-build';
const decoder = new TextDecoder();

/**
 * Consumes `<prefix>.ci.build.v1` from the `<PREFIX>_CI` stream (created here at start)
 * with a durable consumer. A message the handler cannot take (it is not even JSON, or
 * the handler kept failing) exhausts its deliveries; JetStream then announces it on the
 * max-deliveries advisory, and this service fetches it by sequence and dead-letters it
 * with the reason — so no message vanishes.
 */
@Injectable()
export class CiConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private advisory?: { unsubscribe(): void };

  constructor(
    @Inject(EVENT_BUS) private readonly events: EventBus,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: InfraConfig,
    @Inject(PACKAGING_ENV) private readonly env: PackagingEnv,
    @Inject(CiTriggerUseCase) private readonly trigger: CiTriggerUseCase,
    @Inject(DeadLetters) private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.NATS_PREFIX;
    const stream = ciStreamName(prefix);
    await this.events.ensureStream({ name: stream, subjects: [ciBuildSubject(prefix), ciDeadLetterSubject(prefix)], maxAgeMs: 30 * 24 * 3600_000 });
    this.advisory = this.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${ciDurable}`, {
      callback: (err, msg) => {
        if (err) return;
        void this.onMaxDeliveries(stream, msg.data).catch((error: unknown) => rootLogger().error({ err: error }, 'could not dead-letter an undeliverable CI message'));
      },
    });
    await this.events.consumeSubject(
      stream,
      ciDurable,
      ciBuildSubject(prefix),
      async (payload, msg) => {
        await this.trigger.handle(payload, decoder.decode(msg.data), 'nats');
      },
      { maxDeliver: this.env.CI_MAX_DELIVER, ackWaitMs: 60_000 },
    );
  }

  onApplicationShutdown(): void {
    this.advisory?.unsubscribe();
  }

  private async onMaxDeliveries(stream: string, data: Uint8Array): Promise<void> {
    const advisory = decodeJson(data) as { stream_seq?: number; deliveries?: number };
    if (!advisory.stream_seq) return;
    const reply = await this.nc.request(`$JS.API.STREAM.MSG.GET.${stream}`, encodeJson({ seq: advisory.stream_seq }), { timeout: 5_000 });
    const found = decodeJson(reply.data) as { message?: { data?: string } };
    const text = found.message?.data ? Buffer.from(found.message.data, 'base64').toString('utf8') : '';
    let reason: string;
    try {
      JSON.parse(text);
      reason = `the event could not be processed after ${advisory.deliveries ?? this.env.CI_MAX_DELIVER} deliveries (see the packaging service log)`;
    } catch (error) {
      reason = `malformed CI event: not JSON (${error instanceof Error ? error.message : String(error)})`;
    }
    await this.deadLetters.record({ payload: text, reason, errors: [{ path: '(event)', message: reason }], via: 'nats' });
  }
}
