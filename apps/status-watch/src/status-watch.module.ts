import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, DATABASE, EVENT_BUS, InfraModule, NATS, PROCESSED_EVENTS, RPC_CLIENT, RPC_SERVER } from '@appmanager/bootstrap';
import type { InfraConfig } from '@appmanager/config';
import { createRedisClient, type EventBus, type NatsConnection, type ProcessedEvents, type RpcClient, type RpcServer } from '@appmanager/messaging';
import { statusWatchSchema, type Database } from '@appmanager/persistence';
import { PluginClient } from '@appmanager/plugin-client';
import { createStatusWatchCore, type StatusWatchCore } from './core/status-watch-core.js';
import { PluginHealthProbe } from './health/plugin-health-probe.js';
import { loadStatusWatchSettings } from './settings/status-watch-settings.js';

const CORE = Symbol('STATUS_WATCH_CORE');
const PLUGINS = Symbol('PLUGIN_CLIENT');

/** Starts the watcher once Nest is up and stops it (pull loop, watches, pending folds) on shutdown. */
@Injectable()
class StatusWatchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CORE) private readonly core: StatusWatchCore & { closeRedis(): void },
    @Inject(PLUGINS) private readonly plugins: PluginClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.core.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.core.stop();
    this.core.closeRedis();
    this.plugins.close();
  }
}

/** The status-watch service: instances, adaptive pull, local watch, app folding, instance queries. */
@Module({
  imports: [InfraModule.forService({ service: 'status-watch', schema: statusWatchSchema, redis: true, capabilities: ['instances', 'adaptive-pull', 'local-watch', 'app-health'] })],
  providers: [
    {
      provide: PLUGINS,
      inject: [RPC_CLIENT, EVENT_BUS],
      useFactory: (rpc: RpcClient, events: EventBus) => new PluginClient({ rpc, events }).start(),
    },
    {
      provide: CORE,
      inject: [CONFIG, DATABASE, EVENT_BUS, PROCESSED_EVENTS, RPC_CLIENT, RPC_SERVER, NATS, PLUGINS],
      useFactory: (config: InfraConfig, db: Database, events: EventBus, processed: ProcessedEvents, rpcClient: RpcClient, rpc: RpcServer, nc: NatsConnection, plugins: PluginClient) => {
        const redis = createRedisClient(config.REDIS_URL);
        const core = createStatusWatchCore({
          db,
          redis,
          redisPrefix: config.REDIS_PREFIX,
          events,
          processed,
          probe: new PluginHealthProbe(plugins, rpcClient),
          settings: loadStatusWatchSettings(),
          replicaId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          streamProbe: async () => {
            await nc.rtt();
          },
          rpc,
        });
        return Object.assign(core, { closeRedis: () => redis.disconnect() });
      },
    },
    StatusWatchLifecycle,
  ],
})
export class StatusWatchModule {}
