import { Module } from '@nestjs/common';
import { EVENT_BUS, InfraModule, RPC_CLIENT } from '@appmanager/bootstrap';
import type { EventBus, RpcClient } from '@appmanager/messaging';
import { PluginClient } from '@appmanager/plugin-client';
import { packagingSchema } from '@appmanager/persistence';
import { packagingEnvProvider } from './packaging-env.js';
import { packagingStoreProviders } from './packaging-stores.providers.js';
import { PackagingEnqueuer } from './queue/packaging-enqueuer.js';
import { PackagingQueueModule } from './queue/packaging-queue.module.js';
import { AssemblePackageUseCase } from './worker/assemble-package.usecase.js';
import { BuildComponentUseCase } from './worker/build-component.usecase.js';
import { PackagingProcessor } from './worker/packaging.processor.js';

/** A packaging worker process: builds components and assembles packages. Run as many as needed. */
@Module({
  imports: [
    InfraModule.forService({ service: 'packaging-worker', schema: packagingSchema, redis: true, capabilities: ['build-components', 'assemble-packages'] }),
    PackagingQueueModule,
  ],
  providers: [
    packagingEnvProvider,
    ...packagingStoreProviders,
    { provide: PluginClient, inject: [RPC_CLIENT, EVENT_BUS], useFactory: (rpc: RpcClient, events: EventBus) => new PluginClient({ rpc, events }).start() },
    PackagingEnqueuer,
    BuildComponentUseCase,
    AssemblePackageUseCase,
    PackagingProcessor,
  ],
})
export class PackagingWorkerModule {}
