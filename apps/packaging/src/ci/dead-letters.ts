import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ciDeadLetterSubject, type CiDeadLetterDto, type ErrorDetail } from '@appmanager/contracts';
import { CONFIG, EVENT_BUS } from '@appmanager/bootstrap';
import type { InfraConfig } from '@appmanager/config';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import { CiStore, type CiDeadLetterEntity } from '@appmanager/persistence';

const maxPayloadChars = 64 * 1024;

export const deadLetterView = (row: CiDeadLetterEntity): CiDeadLetterDto => ({
  id: row.id,
  eventId: row.eventId,
  app: row.app,
  reason: row.reason,
  errors: row.errors,
  payload: row.payload,
  via: row.via as CiDeadLetterDto['via'],
  receivedAt: new Date(row.receivedAt).toISOString(),
});

/**
 * A CI event that cannot be processed is published on the dead-letter subject (kept by
 * the CI stream) AND stored for the API, so it never vanishes: if one of the two fails,
 * the other still holds it, and the error is thrown so the message is redelivered.
 */
@Injectable()
export class DeadLetters {
  constructor(
    @Inject(CiStore) private readonly ci: CiStore,
    @Inject(EVENT_BUS) private readonly events: EventBus,
    @Inject(CONFIG) private readonly config: InfraConfig,
  ) {}

  async record(input: { payload: string; reason: string; errors?: ErrorDetail[]; eventId?: string | null; app?: string | null; via: 'nats' | 'http' }): Promise<CiDeadLetterDto> {
    const row: CiDeadLetterEntity = {
      id: randomUUID(),
      eventId: typeof input.eventId === 'string' ? input.eventId.slice(0, 100) : null,
      app: typeof input.app === 'string' ? input.app.slice(0, 63) : null,
      reason: input.reason,
      errors: (input.errors ?? []).map((e) => ({ path: e.path, message: e.message })),
      payload: input.payload.slice(0, maxPayloadChars),
      via: input.via,
      receivedAt: new Date(),
    };
    const dto = deadLetterView(row);
    rootLogger().warn({ deadLetter: dto.id, eventId: dto.eventId, reason: dto.reason }, 'CI event dead-lettered');
    await this.events.publishRaw(ciDeadLetterSubject(this.config.NATS_PREFIX), dto, `dead-${dto.id}`);
    await this.ci.addDeadLetter(row);
    return dto;
  }
}
