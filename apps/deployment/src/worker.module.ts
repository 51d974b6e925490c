import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { deploymentSchema } from '@appmanager/persistence';
import { deploymentStoreProviders } from './deployment-stores.providers.js';
import { OrderProgressService } from './orders/order-progress.service.js';
import { NodeEnqueuer } from './queue/node-enqueuer.js';
import { NodeQueueModule } from './queue/node-queue.module.js';
import { NodeProcessor } from './worker/node.processor.js';
import { RunNodeUseCase } from './worker/run-node.usecase.js';

/** A deployment worker process: runs node jobs. Scale by running more of them. */
@Module({
  imports: [
    InfraModule.forService({ service: 'deployment-worker', schema: deploymentSchema, redis: true, capabilities: ['run-nodes'] }),
    NodeQueueModule,
  ],
  providers: [...deploymentStoreProviders, NodeEnqueuer, OrderProgressService, RunNodeUseCase, NodeProcessor],
})
export class WorkerModule {}
