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

  /** What the queue holds for a build of a task (see jobState). */
  buildJob(data: BuildComponentJobData): Promise<QueuedJobState> {
    return this.jobState(buildComponentJobId(data));
  }

  assembleJob(taskId: string): Promise<QueuedJobState> {
    return this.jobState(assemblePackageJobId({ taskId }));
  }

  /** Adds the build job again (dropping a finished copy first: a job id is only added once). */
  async requeueBuild(data: BuildComponentJobData): Promise<void> {
    await this.queue.remove(buildComponentJobId(data)).catch(() => 0);
    await this.enqueueBuilds([data]);
  }

  async requeueAssemble(taskId: string): Promise<void> {
    await this.queue.remove(assemblePackageJobId({ taskId })).catch(() => 0);
    await this.enqueueAssemble(taskId);
  }

  /**
   * `live`: the job will run (waiting, delayed for a retry, active…). `failed`: BullMQ gave
   * up on it, with its reason. `gone`: Redis has no such job — lost (a flush, a crash between
   * the database write and the enqueue) or completed and removed.
   */
  private async jobState(id: string): Promise<QueuedJobState> {
    const state = await this.queue.getJobState(id);
    if (state === 'unknown' || state === 'completed') return { state: 'gone' };
    if (state === 'failed') return { state: 'failed', reason: (await this.queue.getJob(id))?.failedReason || 'no reason recorded' };
    return { state: 'live' };
  }
}

export type QueuedJobState = { state: 'live' } | { state: 'gone' } | { state: 'failed'; reason: string };
