import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { deploymentNodeJob, deploymentNodeJobId, queues, type DeploymentNodeJobData } from '@appmanager/contracts';
import { nodeJobOptions } from './node-job.options.js';

/** Puts node jobs on the queue; the job id makes enqueuing the same attempt twice harmless. */
@Injectable()
export class NodeEnqueuer {
  constructor(@InjectQueue(queues.deploymentNodes) private readonly queue: Queue) {}

  async enqueue(jobs: DeploymentNodeJobData[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((data) => ({ name: deploymentNodeJob.name, data, opts: { ...nodeJobOptions, jobId: deploymentNodeJobId(data) } })),
    );
  }
}
