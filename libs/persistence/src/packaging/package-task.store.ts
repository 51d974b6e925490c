import { In, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { BuildLogLineEntity } from './build-log-line.entity.js';
import { ComponentBuildEntity } from './component-build.entity.js';
import { PackageTaskEntity } from './package-task.entity.js';

export type NewPackageTask = Omit<PackageTaskEntity, 'version' | 'finishedAt' | 'packageVersion' | 'message' | 'deployOrderId' | 'deployMessage'>;
export type NewComponentBuild = Pick<ComponentBuildEntity, 'name' | 'app' | 'type' | 'source' | 'options'>;
export type BuildPatch = Partial<
  Pick<ComponentBuildEntity, 'state' | 'inputsHash' | 'builtInVersion' | 'archiveKey' | 'sha256' | 'size' | 'meta' | 'message' | 'finishedAt'>
>;
export type TaskPatch = Partial<
  Pick<PackageTaskEntity, 'state' | 'message' | 'packageVersion' | 'appRevision' | 'deployOrderId' | 'deployMessage' | 'finishedAt'>
>;

/** Longest log kept per build; later lines are dropped with one marker line. */
const maxLogLines = 2_000;

/**
 * Package tasks and their component builds. State changes are compare-and-set on the
 * row's version column and the states it may leave, so two workers (a retried job next
 * to a stalled one) can never both finish the same build.
 */
export class PackageTaskStore {
  constructor(private readonly dataSource: DataSource) {}

  private get tasks() {
    return this.dataSource.getRepository(PackageTaskEntity);
  }

  private get builds() {
    return this.dataSource.getRepository(ComponentBuildEntity);
  }

  private get logs() {
    return this.dataSource.getRepository(BuildLogLineEntity);
  }

  async create(task: NewPackageTask, builds: NewComponentBuild[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.insert(PackageTaskEntity, { ...task, version: 1, finishedAt: null, packageVersion: null, message: null, deployOrderId: null, deployMessage: null });
      await em.insert(
        ComponentBuildEntity,
        builds.map((b) => ({ ...b, taskId: task.id, state: 'queued', attempts: 0, version: 1 }) as QueryDeepPartialEntity<ComponentBuildEntity>),
      );
    });
  }

  getTask(id: string): Promise<PackageTaskEntity | null> {
    return this.tasks.findOneBy({ id });
  }

  listBuilds(taskId: string): Promise<ComponentBuildEntity[]> {
    return this.builds.find({ where: { taskId }, order: { name: 'ASC' } });
  }

  getBuild(taskId: string, name: string): Promise<ComponentBuildEntity | null> {
    return this.builds.findOneBy({ taskId, name });
  }

  /** Log lines of every build of a task, grouped by component, oldest first. */
  async logsOf(taskId: string): Promise<Map<string, string[]>> {
    const rows = await this.logs.find({ where: { taskId }, order: { id: 'ASC' }, select: { component: true, line: true, id: true } });
    const out = new Map<string, string[]>();
    for (const row of rows) {
      const list = out.get(row.component) ?? [];
      list.push(row.line);
      out.set(row.component, list);
    }
    return out;
  }

  async appendLog(taskId: string, component: string, lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const count = await this.logs.countBy({ taskId, component });
    if (count >= maxLogLines) return;
    const room = maxLogLines - count;
    const kept = lines.length > room ? [...lines.slice(0, room - 1), `… log cut at ${maxLogLines} lines`] : lines;
    const now = new Date();
    await this.logs.insert(kept.map((line) => ({ taskId, component, line: line.slice(0, 8_000), createdAt: now })));
  }

  /**
   * Moves a build to `building` for one more attempt (from queued, or from building when
   * a worker died mid-build). Returns the row, or null when it already finished.
   */
  async startAttempt(taskId: string, name: string): Promise<ComponentBuildEntity | null> {
    for (let i = 0; i < 5; i++) {
      const row = await this.getBuild(taskId, name);
      if (!row || !['queued', 'building'].includes(row.state)) return null;
      const result = await this.builds.update(
        { taskId, name, version: row.version },
        { state: 'building', attempts: row.attempts + 1, startedAt: row.startedAt ?? new Date(), version: row.version + 1 },
      );
      if (result.affected === 1) return { ...row, state: 'building', attempts: row.attempts + 1, version: row.version + 1 };
    }
    return null;
  }

  /** Finishes a build still unfinished; false when another worker finished it first. */
  async finishBuild(taskId: string, name: string, patch: BuildPatch): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ComponentBuildEntity)
      .set({ ...(patch as QueryDeepPartialEntity<ComponentBuildEntity>), finishedAt: patch.finishedAt ?? new Date(), version: () => 'version + 1' })
      .where('task_id = :taskId AND name = :name AND state IN (:...states)', { taskId, name, states: ['queued', 'building'] })
      .execute();
    return result.affected === 1;
  }

  /** The newest earlier build of this app's component with the same inputs, whose archive exists. */
  findReusable(app: string, name: string, inputsHash: string, exceptTaskId: string): Promise<ComponentBuildEntity | null> {
    return this.builds
      .createQueryBuilder('b')
      .where('b.app = :app AND b.name = :name AND b.inputs_hash = :inputsHash', { app, name, inputsHash })
      .andWhere('b.state IN (:...states) AND b.archive_key IS NOT NULL AND b.task_id <> :exceptTaskId', { states: ['succeeded', 'reused'], exceptTaskId })
      .orderBy('b.finished_at', 'DESC')
      .getOne();
  }

  /** Updates a task still running; false when it already finished. */
  async updateRunning(id: string, patch: TaskPatch): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PackageTaskEntity)
      .set({ ...(patch as QueryDeepPartialEntity<PackageTaskEntity>), version: () => 'version + 1' })
      .where('id = :id AND state = :state', { id, state: 'running' })
      .execute();
    return result.affected === 1;
  }

  /** Deployment facts are recorded after the task finished. */
  async recordDeploy(id: string, patch: Pick<TaskPatch, 'deployOrderId' | 'deployMessage'>): Promise<void> {
    await this.tasks.update({ id }, patch);
  }

  /** Tasks still running (the reconciler re-enqueues their jobs when Redis lost them). */
  listRunning(limit: number): Promise<PackageTaskEntity[]> {
    return this.tasks.find({ where: { state: In(['running']) }, order: { createdAt: 'ASC' }, take: limit });
  }
}
