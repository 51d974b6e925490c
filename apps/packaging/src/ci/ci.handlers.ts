import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ciTriggerRpc, createCiTokenRpc, DomainError, listCiDeadLettersRpc } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { CiStore } from '@appmanager/persistence';
import { CiTriggerUseCase } from './ci-trigger.usecase.js';
import { deadLetterView } from './dead-letters.js';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** CI tokens (shown once, stored hashed), the HTTP trigger and the dead-letter list. */
@Injectable()
export class CiHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(CiStore) private readonly ci: CiStore,
    @Inject(CiTriggerUseCase) private readonly trigger: CiTriggerUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(createCiTokenRpc, async ({ app }) => {
      const token = `amci_${app}_${randomBytes(24).toString('base64url')}`;
      const row = await this.ci.setToken(app, hashToken(token));
      return { app, token, createdAt: row.createdAt.toISOString() };
    });
    this.rpc.handle(ciTriggerRpc, async ({ token, payload }) => {
      const owner = token ? await this.ci.findTokenByHash(hashToken(token)) : null;
      if (!owner) throw new DomainError('unauthorized', 'a valid CI token is required (Authorization: Bearer <token from POST /v1/apps/{app}/ci-tokens>)');
      const app = (payload as { app?: unknown } | null)?.app;
      if (app !== owner.app) throw new DomainError('forbidden', `this token is for app ${owner.app}, the event names ${JSON.stringify(app)}`, [{ path: 'app', message: `must be ${owner.app} for this token` }]);
      const outcome = await this.trigger.handle(payload, JSON.stringify(payload), 'http');
      if (outcome.kind === 'dead') throw new DomainError('validation_failed', outcome.reason, outcome.errors, { deadLetterId: outcome.deadLetterId });
      return { eventId: outcome.eventId, taskId: outcome.taskId, duplicate: outcome.duplicate };
    });
    this.rpc.handle(listCiDeadLettersRpc, async ({ app, limit }) => ({ items: (await this.ci.listDeadLetters(limit, app)).map(deadLetterView) }));
  }
}
