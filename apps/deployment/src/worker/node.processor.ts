import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { deploymentNodeJob, queues } from '@appmanager/contracts';
import { metrics } from '@appmanager/metrics';
import { RunNodeUseCase } from './run-node.usecase.js';

const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 16);

/** Thin: validates the job and hands it to the use case. */
@Processor(queues.deploymentNodes, { concurrency })
export class NodeProcessor extends WorkerHost {
  constructor(@Inject(RunNodeUseCase) private readonly runNode: RunNodeUseCase) {
    super();
  }

  async process(job: Job): Promise<void> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      if (job.name !== deploymentNodeJob.name) throw new Error(`unknown job ${job.name} on ${queues.deploymentNodes}`);
      await this.runNode.execute(deploymentNodeJob.data.parse(job.data));
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      metrics().jobs.inc({ queue: queues.deploymentNodes, outcome });
      metrics().jobDuration.observe({ queue: queues.deploymentNodes, outcome }, (performance.now() - started) / 1000);
    }
  }
}
