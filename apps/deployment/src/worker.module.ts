import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { deploymentSchema } from '@appmanager/persistence';
import { deploymentStoreProviders } from './deployment-stores.providers.js';
import { DagAdvancer } from './orders/dag-advancer.service.js';
import { OrderEvents } from './orders/order-events.service.js';
import { OrderGraphCache } from './orders/order-graph.cache.js';
import { NodeEnqueuer } from './queue/node-enqueuer.js';
import { NodeQueueModule } from './queue/node-queue.module.js';
import { ComponentStep } from './worker/component-step.js';
import { DestroyNodeUseCase } from './worker/destroy-node.usecase.js';
import { NODE_PLUGIN_HOST } from './worker/node-plugin-host.js';
import { NodeOutcome } from './worker/node-outcome.service.js';
import { NodeProcessor } from './worker/node.processor.js';
import { OrderFactsCache } from './worker/order-facts.cache.js';
import { RunNodeUseCase } from './worker/run-node.usecase.js';
import { RuntimePluginHost } from './worker/runtime-plugin-host.js';
import { TraitStep } from './worker/trait-step.js';

/** A deployment worker process: runs node jobs (plugins in isolates) and advances the DAG. Scale by running more. */
@Module({
  imports: [
    InfraModule.forService({ service: 'deployment-worker', schema: deploymentSchema, redis: true, capabilities: ['run-nodes', 'plugins'] }),
    NodeQueueModule,
  ],
  providers: [
    ...deploymentStoreProviders,
    NodeEnqueuer,
    OrderEvents,
    DagAdvancer,
    OrderFactsCache,
    OrderGraphCache,
    RuntimePluginHost,
    { provide: NODE_PLUGIN_HOST, useExisting: RuntimePluginHost },
    NodeOutcome,
    ComponentStep,
    TraitStep,
    RunNodeUseCase,
    DestroyNodeUseCase,
    NodeProcessor,
  ],
})
export class WorkerModule {}
