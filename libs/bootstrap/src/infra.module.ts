import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { createObjectStore, type ObjectStore } from '@appmanager/artifacts';
import { infraEnvSchema, loadConfig, type InfraConfig } from '@appmanager/config';
import { connectNats, EventBus, RpcClient, RpcServer, type NatsConnection } from '@appmanager/messaging';
import { connectServiceDatabase, migrateServiceDatabase, ProcessedEventsStore, type Database, type ServiceSchema } from '@appmanager/persistence';
import { InfraLifecycle } from './infra.lifecycle.js';
import { OpsController } from './ops.controller.js';
import { ReadinessService } from './readiness.service.js';
import { retryConnect } from './retry-connect.js';
import { CONFIG, DATABASE, EVENT_BUS, NATS, OBJECT_STORE, PROCESSED_EVENTS, RPC_CLIENT, RPC_SERVER, SERVICE_NAME } from './tokens.js';

export interface InfraOptions {
  service: string;
  /** The service's own MySQL schema; omit for processes without a database. */
  schema?: ServiceSchema;
  /** Whether /readyz checks Redis (processes that use BullMQ). */
  redis?: boolean;
  /** What the service can do today, answered on its health subject. */
  capabilities: string[];
  note?: string;
}

/**
 * The infrastructure a service process shares with every other: config, NATS (rpc +
 * events), its database, readiness checks and the ops endpoints. Connections retry with
 * backoff at start, naming what is missing.
 */
@Module({})
export class InfraModule {
  static forService(options: InfraOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: 'INFRA_OPTIONS', useValue: options },
      { provide: CONFIG, useFactory: () => loadConfig(infraEnvSchema) },
      {
        provide: NATS,
        inject: [CONFIG],
        useFactory: (config: InfraConfig) => retryConnect('NATS', config.NATS_URL, () => connectNats(config.NATS_URL, options.service)),
      },
      { provide: RPC_SERVER, inject: [NATS, CONFIG], useFactory: (nc: NatsConnection, c: InfraConfig) => new RpcServer(nc, c.NATS_PREFIX) },
      {
        provide: RPC_CLIENT,
        inject: [NATS, CONFIG],
        useFactory: (nc: NatsConnection, c: InfraConfig) => new RpcClient(nc, c.NATS_PREFIX, c.NATS_REQUEST_TIMEOUT_MS),
      },
      {
        provide: EVENT_BUS,
        inject: [NATS, CONFIG],
        useFactory: (nc: NatsConnection, c: InfraConfig) =>
          retryConnect('NATS JetStream', c.NATS_URL, () => EventBus.create(nc, c.NATS_PREFIX, options.service)),
      },
      {
        provide: DATABASE,
        inject: [CONFIG],
        useFactory: async (c: InfraConfig) => {
          if (!options.schema) return undefined;
          const schema = options.schema;
          const db = await retryConnect('MySQL', `${c.MYSQL_HOST}:${c.MYSQL_PORT}`, () => connectServiceDatabase(c, schema));
          await migrateServiceDatabase(db);
          return db;
        },
      },
      {
        provide: PROCESSED_EVENTS,
        inject: [DATABASE],
        useFactory: (db: Database | undefined) => (db ? new ProcessedEventsStore(db) : undefined),
      },
      {
        provide: OBJECT_STORE,
        inject: [CONFIG],
        useFactory: async (c: InfraConfig): Promise<ObjectStore> => {
          const store = await createObjectStore(c);
          const where = c.STORAGE_DRIVER === 'local' ? c.STORAGE_DIR : `${c.S3_ENDPOINT}:${c.S3_PORT}/${c.S3_BUCKET}`;
          await retryConnect(`object storage (${c.STORAGE_DRIVER})`, where, () => store.ensureReady());
          return store;
        },
      },
      ReadinessService,
      InfraLifecycle,
    ];
    return {
      module: InfraModule,
      global: true,
      controllers: [OpsController],
      providers,
      exports: providers.filter((p) => p !== InfraLifecycle),
    };
  }
}
