import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { deploymentSchema } from '@appmanager/persistence';
import { ApplicationLoader } from './apps/application-loader.service.js';
import { AppRevisionsHandlers } from './apps/app-revisions.handlers.js';
import { deploymentStoreProviders } from './deployment-stores.providers.js';
import { CreateOrderUseCase } from './orders/create-order.usecase.js';
import { DagAdvancer } from './orders/dag-advancer.service.js';
import { OrderEvents } from './orders/order-events.service.js';
import { OrdersHandlers } from './orders/orders.handlers.js';
import { ReconcilerService } from './orders/reconciler.service.js';
import { RetryOrderUseCase } from './orders/retry-order.usecase.js';
import { RollbackOrderUseCase } from './orders/rollback-order.usecase.js';
import { TerminateOrderUseCase } from './orders/terminate-order.usecase.js';
import { PluginCatalogService } from './plugins/plugin-catalog.service.js';
import { NodeEnqueuer } from './queue/node-enqueuer.js';
import { NodeQueueModule } from './queue/node-queue.module.js';

/** The deployment service: app revisions, deploy orders, operator actions and the reconciler (workers run nodes). */
@Module({
  imports: [
    InfraModule.forService({ service: 'deployment', schema: deploymentSchema, redis: true, capabilities: ['apps', 'deploy-orders', 'dag-engine', 'reconciler'] }),
    NodeQueueModule,
  ],
  providers: [
    ...deploymentStoreProviders,
    NodeEnqueuer,
    OrderEvents,
    DagAdvancer,
    PluginCatalogService,
    ApplicationLoader,
    CreateOrderUseCase,
    RetryOrderUseCase,
    TerminateOrderUseCase,
    RollbackOrderUseCase,
    ReconcilerService,
    AppRevisionsHandlers,
    OrdersHandlers,
  ],
})
export class DeploymentModule {}
