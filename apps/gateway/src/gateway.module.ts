import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { InfraModule } from '@appmanager/bootstrap';
import { basicServiceSchema } from '@appmanager/persistence';
import { AppsController } from './apps/apps.controller.js';
import { DeploymentsController } from './deployments/deployments.controller.js';
import { DeploymentEventsController } from './deployments/deployment-events.controller.js';
import { ProblemFilter } from './http/problem.filter.js';
import { MarketController } from './plugins/market.controller.js';
import { PluginsController } from './plugins/plugins.controller.js';
import { ServicesController } from './system/services.controller.js';
import { PackageTasksController } from './packages/package-tasks.controller.js';
import { PackagesController } from './packages/packages.controller.js';
import { StreamingUploads } from './packages/streaming-upload.js';
import { CiTriggersController } from './triggers/ci-triggers.controller.js';
import { InstanceEventsController } from './instances/instance-events.controller.js';
import { InstancesController } from './instances/instances.controller.js';

/** The only public HTTP entry: no domain logic, every call goes to a service over NATS. */
@Module({
  imports: [
    InfraModule.forService({
      service: 'gateway',
      schema: basicServiceSchema('gateway'),
      redis: true,
      capabilities: ['rest-v1', 'openapi'],
    }),
  ],
  controllers: [AppsController, DeploymentsController, DeploymentEventsController, ServicesController, PluginsController, MarketController, PackageTasksController, PackagesController, CiTriggersController, InstancesController, InstanceEventsController],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, StreamingUploads],
})
export class GatewayModule {}
