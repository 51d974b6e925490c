import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { deploymentSchema } from '@appmanager/persistence';
import { AppRevisionsHandlers } from './apps/app-revisions.handlers.js';
import { deploymentStoreProviders } from './deployment-stores.providers.js';
import { CreateOrderUseCase } from './orders/create-order.usecase.js';
import { OrdersHandlers } from './orders/orders.handlers.js';
import { NodeEnqueuer } from './queue/node-enqueuer.js';
import { NodeQueueModule } from './queue/node-queue.module.js';

/** The deployment service: app revisions and deploy orders (the API side; workers run nodes). */
@Module({
  imports: [
    InfraModule.forService({ service: 'deployment', schema: deploymentSchema, redis: true, capabilities: ['apps', 'deploy-orders'] }),
    NodeQueueModule,
  ],
  providers: [...deploymentStoreProviders, NodeEnqueuer, CreateOrderUseCase, AppRevisionsHandlers, OrdersHandlers],
})
export class DeploymentModule {}
