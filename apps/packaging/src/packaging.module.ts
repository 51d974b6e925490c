import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { packagingSchema } from '@appmanager/persistence';
import { CiConsumerService } from './ci/ci-consumer.service.js';
import { CiHandlers } from './ci/ci.handlers.js';
import { CiTriggerUseCase } from './ci/ci-trigger.usecase.js';
import { DeadLetters } from './ci/dead-letters.js';
import { packagingEnvProvider } from './packaging-env.js';
import { packagingStoreProviders } from './packaging-stores.providers.js';
import { ExportPackageUseCase } from './packages/export-package.usecase.js';
import { ImportPackageUseCase } from './packages/import-package.usecase.js';
import { PackagesHandlers } from './packages/packages.handlers.js';
import { PackagingEnqueuer } from './queue/packaging-enqueuer.js';
import { PackagingQueueModule } from './queue/packaging-queue.module.js';
import { CreateTaskUseCase } from './tasks/create-task.usecase.js';
import { PackagingReconcilerService } from './tasks/packaging-reconciler.service.js';
import { TasksHandlers } from './tasks/tasks.handlers.js';

/** The packaging service (API side): tasks, packages, tags, export/import, CI events. Workers build. */
@Module({
  imports: [
    InfraModule.forService({
      service: 'packaging',
      schema: packagingSchema,
      redis: true,
      capabilities: ['package-tasks', 'packages', 'package-tags', 'package-export-import', 'ci-trigger'],
    }),
    PackagingQueueModule,
  ],
  providers: [
    packagingEnvProvider,
    ...packagingStoreProviders,
    PackagingEnqueuer,
    CreateTaskUseCase,
    TasksHandlers,
    PackagingReconcilerService,
    ExportPackageUseCase,
    ImportPackageUseCase,
    PackagesHandlers,
    DeadLetters,
    CiTriggerUseCase,
    CiHandlers,
    CiConsumerService,
  ],
})
export class PackagingModule {}
