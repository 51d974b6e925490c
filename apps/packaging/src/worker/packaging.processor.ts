import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { assemblePackageJob, buildComponentJob, packagingQueues } from '@appmanager/contracts';
import { withLogContext } from '@appmanager/logging';
import { PackagingEnqueuer } from '../queue/packaging-enqueuer.js';
import { AssemblePackageUseCase } from './assemble-package.usecase.js';
import { BuildComponentUseCase } from './build-component.usecase.js';

/**
 * Thin processor: validates the job, hands it to a use case. A build that reached a
 * final state triggers the assembly once all components did (the job id makes the
 * assemble job unique per task).
 */
@Processor(packagingQueues.packaging, {
  concurrency: Number(process.env.PACKAGING_CONCURRENCY ?? 4),
  lockDuration: Number(process.env.PACKAGING_LOCK_MS ?? 15_000),
  stalledInterval: Math.max(1_000, Math.floor(Number(process.env.PACKAGING_LOCK_MS ?? 15_000) / 3)),
  maxStalledCount: 3,
})
export class PackagingProcessor extends WorkerHost {
  constructor(
    @Inject(BuildComponentUseCase) private readonly build: BuildComponentUseCase,
    @Inject(AssemblePackageUseCase) private readonly assemble: AssemblePackageUseCase,
    @Inject(PackagingEnqueuer) private readonly enqueuer: PackagingEnqueuer,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name === buildComponentJob.name) {
      const data = buildComponentJob.data.parse(job.data);
      const of = job.opts.attempts ?? 1;
      const attempt = { number: job.attemptsMade + 1, of, last: job.attemptsMade + 1 >= of };
      await withLogContext({ taskId: data.taskId, component: data.component }, async () => {
        await this.build.execute(data.taskId, data.component, attempt);
        if (await this.assemble.ready(data.taskId)) await this.enqueuer.enqueueAssemble(data.taskId);
      });
      return;
    }
    if (job.name === assemblePackageJob.name) {
      const data = assemblePackageJob.data.parse(job.data);
      await withLogContext({ taskId: data.taskId }, () => this.assemble.execute(data.taskId));
      return;
    }
    throw new Error(`unknown job ${job.name} on ${packagingQueues.packaging}`);
  }
}
