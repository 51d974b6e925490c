import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { deploymentNodeJob, destroyNodeJob, queues } from '@appmanager/contracts';
import { metrics } from '@appmanager/metrics';
import { engineSettings } from '../engine-settings.js';
import { nodeJobData } from '../queue/node-job-data.js';
import { DestroyNodeUseCase } from './destroy-node.usecase.js';
import { RunNodeUseCase } from './run-node.usecase.js';

const settings = engineSettings();

/**
 * Thin: validates the job and hands it to its use case. Stalled jobs (a worker died)
 * go back to the queue after the lock expires; `maxStalledCount` is generous because a
 * node job is safe to run again (compare-and-set claims).
 */
@Processor(queues.deploymentNodes, {
  concurrency: settings.workerConcurrency,
  lockDuration: settings.jobLockMs,
  stalledInterval: settings.jobLockMs,
  maxStalledCount: 10,
})
export class NodeProcessor extends WorkerHost {
  constructor(
    @Inject(RunNodeUseCase) private readonly runNode: RunNodeUseCase,
    @Inject(DestroyNodeUseCase) private readonly destroyNode: DestroyNodeUseCase,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      if (job.name === deploymentNodeJob.name) await this.runNode.execute(nodeJobData(job.data));
      else if (job.name === destroyNodeJob.name) await this.destroyNode.execute(destroyNodeJob.data.parse(job.data));
      else throw new Error(`unknown job ${job.name} on ${queues.deploymentNodes}`);
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      metrics().jobs.inc({ queue: queues.deploymentNodes, outcome });
      metrics().jobDuration.observe({ queue: queues.deploymentNodes, outcome }, (performance.now() - started) / 1000);
    }
  }
}
