import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStore } from '@appmanager/artifacts';
import { createDeploymentRpc, DomainError, getAppRpc, isDomainError } from '@appmanager/contracts';
import { OBJECT_STORE, RPC_CLIENT } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { RpcClient } from '@appmanager/messaging';
import { AppPackageStore, PackageTaskStore, type AppPackageEntity, type ComponentBuildEntity, type PackageTaskEntity } from '@appmanager/persistence';
import { archivePathFor, manifestKeyFor, nextPatch, packageContentHash } from '../packages/package-content.js';
import { packageManifest, type StoredComponent } from '../packages/package.view.js';

const finished = new Set(['succeeded', 'reused', 'failed']);

/**
 * Runs once every component of a task finished: a failed component fails the task
 * (naming each failure; the others' results stay on their rows), otherwise the package
 * gets its version, its manifest goes to storage and its row is inserted. `auto` takes
 * the next patch; two tasks racing for it both retry on the unique key. A re-run of
 * this job (a worker died after the insert) finds the package by task id.
 */
@Injectable()
export class AssemblePackageUseCase {
  constructor(
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
  ) {}

  /** Whether every component of the task is done (then the assemble job is due). */
  async ready(taskId: string): Promise<boolean> {
    return (await this.tasks.listBuilds(taskId)).every((b) => finished.has(b.state));
  }

  async execute(taskId: string): Promise<void> {
    const task = await this.tasks.getTask(taskId);
    if (!task || task.state !== 'running') return;
    const builds = await this.tasks.listBuilds(taskId);
    if (!builds.every((b) => finished.has(b.state))) return;
    const failed = builds.filter((b) => b.state === 'failed');
    if (failed.length > 0) {
      const message = `${failed.length} of ${builds.length} components failed: ${failed.map((b) => `${b.name}: ${b.message ?? 'failed'}`).join('; ')}`;
      await this.tasks.updateRunning(taskId, { state: 'failed', message, finishedAt: new Date() });
      return;
    }
    const row = await this.assemble(task, builds);
    for (const tag of task.tags) await this.packages.setTag(task.app, tag, row.version);
    await this.tasks.updateRunning(taskId, { state: 'succeeded', packageVersion: row.version, appRevision: row.appRevision, message: null, finishedAt: new Date() });
    if (task.deployTo) await this.deploy(task, row.version);
  }

  private async assemble(task: PackageTaskEntity, builds: ComponentBuildEntity[]): Promise<AppPackageEntity> {
    const appRevision = await this.appRevision(task.app);
    for (let attempt = 0; attempt < 20; attempt++) {
      const previous = (await this.packages.list(task.app)).find((p) => p.taskId === task.id);
      if (previous) return previous;
      const version = task.requestedVersion === 'auto' ? nextPatch((await this.packages.latest(task.app))?.version) : task.requestedVersion;
      const components: StoredComponent[] = builds.map((b) => ({
        name: b.name,
        type: b.type,
        version: b.state === 'reused' && b.builtInVersion ? b.builtInVersion : version,
        sha256: b.sha256!,
        size: b.size!,
        path: archivePathFor(b.name),
        meta: b.meta ?? {},
        source: b.source as StoredComponent['source'],
        options: b.options,
        archiveKey: b.archiveKey!,
      }));
      const manifestKey = manifestKeyFor(task.app, version, task.id);
      const put = await this.storage.put(manifestKey, Buffer.from(JSON.stringify(packageManifest({ app: task.app, version, appRevision }, components, task.tags), null, 2)), {
        contentType: 'application/json',
      });
      const contentHash = packageContentHash(components);
      const { row, created } = await this.packages.insert({
        app: task.app,
        version,
        contentHash,
        appRevision,
        manifestKey,
        manifestSha256: put.sha256,
        components: components as unknown as Array<Record<string, unknown>>,
        taskId: task.id,
      });
      if (created || row.taskId === task.id) return row;
      await this.storage.delete(manifestKey).catch(() => undefined);
      if (task.requestedVersion !== 'auto') {
        if (row.contentHash === contentHash) return row;
        throw new DomainError('conflict', `${task.app} ${version} was created meanwhile with other content; a version is never reused`);
      }
    }
    throw new DomainError('conflict', `could not give ${task.app} a new version: too many concurrent packages`);
  }

  /** The Application revision the package was built from (null when the app has no Application yet). */
  private async appRevision(app: string): Promise<number | null> {
    try {
      return (await this.rpc.call(getAppRpc, { app })).revision;
    } catch (error) {
      if (isDomainError(error) && error.code === 'not_found') return null;
      if (isDomainError(error) && error.code === 'service_unavailable') {
        rootLogger().warn({ app, err: error }, 'deployment service unavailable: package recorded without its Application revision');
        return null;
      }
      throw error;
    }
  }

  private async deploy(task: PackageTaskEntity, version: string): Promise<void> {
    try {
      const order = await this.rpc.call(createDeploymentRpc, { app: task.app, packageVersion: version, target: task.deployTo! });
      await this.tasks.recordDeploy(task.id, { deployOrderId: order.id, deployMessage: `deploy order ${order.id} created for ${version}` });
    } catch (error) {
      await this.tasks.recordDeploy(task.id, { deployMessage: `deploying ${version} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}
