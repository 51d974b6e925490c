import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { serviceHealthRpc } from '@appmanager/contracts';
import type { InfraConfig } from '@appmanager/config';
import { rootLogger } from '@appmanager/logging';
import { pingNats, pingRedis, type EventBus, type NatsConnection, type RpcServer } from '@appmanager/messaging';
import { pingDatabase, type Database } from '@appmanager/persistence';
import type { InfraOptions } from './infra.module.js';
import { ReadinessService } from './readiness.service.js';
import { CONFIG, DATABASE, EVENT_BUS, NATS, OBJECT_STORE, RPC_SERVER } from './tokens.js';
import type { ObjectStore } from '@appmanager/artifacts';

const startedAt = Date.now();

/** Registers the readiness checks and the health answer, and closes infrastructure last on shutdown. */
@Injectable()
export class InfraLifecycle implements OnApplicationBootstrap {
  constructor(
    @Inject('INFRA_OPTIONS') private readonly options: InfraOptions,
    @Inject(CONFIG) private readonly config: InfraConfig,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(EVENT_BUS) private readonly events: EventBus,
    @Inject(DATABASE) private readonly db: Database | undefined,
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
  ) {}

  onApplicationBootstrap(): void {
    this.readiness.register('nats', () => pingNats(this.nc));
    if (this.db) this.readiness.register('mysql', () => pingDatabase(this.db as Database));
    if (this.options.redis) this.readiness.register('redis', () => pingRedis(this.config.REDIS_URL));
    this.readiness.register('storage', () => this.storage.ping());
    this.rpc.handle(serviceHealthRpc(this.options.service), async () => ({
      service: this.options.service,
      status: 'ok' as const,
      capabilities: this.options.capabilities,
      note: this.options.note,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      version: process.env.npm_package_version ?? '0.1.0',
    }));
  }

  /** Stop taking new requests; requests already taken finish. */
  async stopIntake(): Promise<void> {
    await this.rpc.close();
  }

  /** Last step of shutdown, after workers finished or released their jobs. */
  async close(): Promise<void> {
    await this.events.close().catch((error: unknown) => rootLogger().warn({ err: error }, 'closing event consumers failed'));
    await this.nc.drain().catch(() => undefined);
    await this.db?.destroy().catch(() => undefined);
  }
}
