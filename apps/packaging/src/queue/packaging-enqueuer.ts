import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  assemblePackageJob,
  assemblePackageJobId,
  buildComponentJob,
  buildComponentJobId,
  packagingQueues,
  type BuildComponentJobData,
} from '@appmanager/contracts';
import { PACKAGING_ENV, type PackagingEnv } from '../packaging-env.js';

/**
 * Puts packaging jobs on the queue. Job ids derive from the task, so enqueuing the same
 * step twice is harmless. Attempts cover transient failures (object storage down, a
 * database hiccup); a worker that dies leaves its job stalled and another worker takes it.
 */
@Injectable()
export class PackagingEnqueuer {
  constructor(
    @InjectQueue(packagingQueues.packaging) private readonly queue: Queue,
    @Inject(PACKAGING_ENV) private readonly env: PackagingEnv,
  ) {}

  private get options() {
    return {
      attempts: this.env.PACKAGING_BUILD_ATTEMPTS,
      backoff: { type: 'exponential' as const, delay: this.env.PACKAGING_RETRY_DELAY_MS },
      removeOnComplete: true,
      removeOnFail: { count: 1_000 },
    };
  }

  async enqueueBuilds(jobs: BuildComponentJobData[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs.map((data) => ({ name: buildComponentJob.name, data, opts: { ...this.options, jobId: buildComponentJobId(data) } })));
  }

  async enqueueAssemble(taskId: string): Promise<void> {
    const data = { taskId };
    await this.queue.add(assemblePackageJob.name, data, { ...this.options, jobId: assemblePackageJobId(data) });
  }
}
