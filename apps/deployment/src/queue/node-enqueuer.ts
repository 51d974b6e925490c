import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  deploymentNodeJob,
  deploymentNodeJobId,
  destroyNodeJob,
  destroyNodeJobId,
  queues,
  type DeploymentNodeJobData,
  type DestroyNodeJobData,
} from '@appmanager/contracts';
import { nodeJobOptions } from './node-job.options.js';

/** States in which a job is still going to run (or is running). */
const liveJobStates = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** Puts node jobs on the queue; the job id makes enqueuing the same step twice harmless. */
@Injectable()
export class NodeEnqueuer {
  constructor(@InjectQueue(queues.deploymentNodes) private readonly queue: Queue) {}

  async enqueue(jobs: DeploymentNodeJobData[], delayMs = 0): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((data) => ({ name: deploymentNodeJob.name, data, opts: { ...nodeJobOptions, jobId: deploymentNodeJobId(data), ...(delayMs > 0 ? { delay: delayMs } : {}) } })),
    );
  }

  async enqueueDestroy(jobs: DestroyNodeJobData[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs.map((data) => ({ name: destroyNodeJob.name, data, opts: { ...nodeJobOptions, jobId: destroyNodeJobId(data) } })));
  }

  /**
   * Re-creates a job unless one with its id is still going to run. A job that completed
   * or failed (its id may linger) is removed first, or BullMQ would ignore the add.
   * Returns whether a job was added.
   */
  async ensure(data: DeploymentNodeJobData): Promise<boolean> {
    const id = deploymentNodeJobId(data);
    const state = await this.queue.getJobState(id);
    if (liveJobStates.has(state)) return false;
    if (state === 'completed' || state === 'failed') await this.queue.remove(id).catch(() => 0);
    await this.enqueue([data]);
    return true;
  }

  /** Best effort: drops a queued job (terminate); a job already running finds its node terminated and stops. */
  async discard(data: DeploymentNodeJobData): Promise<void> {
    await this.queue.remove(deploymentNodeJobId(data)).catch(() => 0);
  }
}
