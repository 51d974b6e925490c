import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicPass } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { PackageTaskStore, type PackageTaskEntity } from '@appmanager/persistence';
import { PACKAGING_ENV, type PackagingEnv } from '../packaging-env.js';
import { PackagingEnqueuer } from '../queue/packaging-enqueuer.js';

/** Tasks looked at per pass; the oldest first, so a backlog is worked through over passes. */
const tasksPerPass = 500;
const unfinished = new Set(['queued', 'building']);

/**
 * Redis only carries work; MySQL knows which tasks are running. On start and then every
 * PACKAGING_RECONCILE_MS, for every running task: each unfinished build must have a job
 * that will run, and a task whose builds all finished must have its assemble job —
 * jobs Redis lost (a flush, a crash between the task insert and the enqueue) are added
 * again. A job BullMQ gave up on while the database still shows work in progress ends
 * that work as failed with BullMQ's reason, so no task stays `running` for ever. Jobs
 * are idempotent (compare-and-set rows in the worker), so an extra one is harmless.
 */
@Injectable()
export class PackagingReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private passes: PeriodicPass | undefined;

  constructor(
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(PackagingEnqueuer) private readonly enqueuer: PackagingEnqueuer,
    @Inject(PACKAGING_ENV) private readonly env: PackagingEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.passes = new PeriodicPass('packaging reconciler', this.env.PACKAGING_RECONCILE_MS, () => this.reconcileAll());
    this.passes.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes?.stop();
  }

  async reconcileAll(): Promise<{ tasks: number; requeued: number; failed: number }> {
    const totals = { tasks: 0, requeued: 0, failed: 0 };
    for (const task of await this.tasks.listRunning(tasksPerPass)) {
      const result = await this.reconcileTask(task);
      totals.tasks += 1;
      totals.requeued += result.requeued;
      totals.failed += result.failed;
    }
    if (totals.requeued + totals.failed > 0) rootLogger().info(totals, 'packaging reconciler re-created lost jobs / ended abandoned work');
    return totals;
  }

  private async reconcileTask(task: PackageTaskEntity): Promise<{ requeued: number; failed: number }> {
    let requeued = 0;
    let failed = 0;
    let open = 0;
    for (const build of await this.tasks.listBuilds(task.id)) {
      if (!unfinished.has(build.state)) continue;
      const data = { taskId: task.id, component: build.name };
      const job = await this.enqueuer.buildJob(data);
      if (job.state === 'live') {
        open += 1;
      } else if (job.state === 'failed') {
        const ended = await this.tasks.finishBuild(task.id, build.name, { state: 'failed', message: `gave up: ${job.reason}` });
        failed += Number(ended);
      } else {
        await this.enqueuer.requeueBuild(data);
        requeued += 1;
        open += 1;
      }
    }
    if (open > 0) return { requeued, failed };
    // Every build finished: the task is only waiting for its assembly.
    const assembly = await this.enqueuer.assembleJob(task.id);
    if (assembly.state === 'failed') {
      const message = `assembling the package gave up: ${assembly.reason}`;
      failed += Number(await this.tasks.updateRunning(task.id, { state: 'failed', message, finishedAt: new Date() }));
    } else if (assembly.state === 'gone') {
      await this.enqueuer.requeueAssemble(task.id);
      requeued += 1;
    }
    return { requeued, failed };
  }
}
