import { randomUUID } from 'node:crypto';
import { In, MoreThan, type DataSource } from 'typeorm';
import { ComponentInstanceEntity } from './component-instance.entity.js';

export interface DeployedComponent {
  orderId: string;
  app: string;
  cluster: string;
  namespace: string;
  stage: string;
  component: string;
  pluginName: string;
  pluginVersion: string;
  revision: number;
  outputs: Record<string, unknown>;
  /** What `launch` returned (empty when the deploy event did not carry it). */
  launchAttrs: Record<string, unknown>;
  watchable: boolean;
  mode: 'watch' | 'pull';
}

export interface UpsertedComponent {
  instance: ComponentInstanceEntity;
  created: boolean;
  /** The health before this deploy (null for a new instance). */
  previousHealth: string | null;
}

export interface HealthUpdate {
  health: string;
  message: string | null;
  checkedAt: Date | null;
  /** The check counter after this update (0 resets to the fast tier). */
  checks: number;
  mode?: 'watch' | 'pull';
}

/** What the scheduler needs to rebuild its Redis schedule from MySQL. */
export interface ScheduleRow {
  id: string;
  health: string;
  mode: string;
  checks: number;
  lastCheckAt: Date | null;
}

/**
 * Component instances. Health moves by compare-and-set on the previous health, so a
 * pull check and a watch event racing on one instance never both record "a change".
 */
export class ComponentInstanceStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ComponentInstanceEntity);
  }

  /** Creates or redeploys the instance (and its app instance) in one transaction; a redeploy starts again at `progressing`. */
  async upsertDeployed(d: DeployedComponent, now = new Date()): Promise<UpsertedComponent> {
    return this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO app_instance (id, app, cluster, namespace, stage, revision, health, message, component_count, empty_since, health_changed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'progressing', NULL, 0, NULL, ?, ?, ?)
         ON DUPLICATE KEY UPDATE revision = GREATEST(revision, VALUES(revision)), updated_at = VALUES(updated_at)`,
        [randomUUID(), d.app, d.cluster, d.namespace, d.stage, d.revision, now, now, now],
      );
      const [app] = (await em.query('SELECT id FROM app_instance WHERE app = ? AND cluster = ? AND namespace = ? AND stage = ?', [
        d.app,
        d.cluster,
        d.namespace,
        d.stage,
      ])) as Array<{ id: string }>;
      const existing = await em.getRepository(ComponentInstanceEntity).findOne({
        where: { app: d.app, cluster: d.cluster, namespace: d.namespace, stage: d.stage, component: d.component },
        lock: { mode: 'pessimistic_write' },
      });
      const fields = {
        appInstanceId: app!.id,
        pluginName: d.pluginName,
        pluginVersion: d.pluginVersion,
        revision: d.revision,
        orderId: d.orderId,
        outputs: d.outputs,
        launchAttrs: d.launchAttrs,
        watchable: d.watchable,
        mode: d.mode,
        health: 'progressing',
        message: `deployed revision ${d.revision}; not checked yet`,
        checks: 0,
        updatedAt: now,
      };
      let instance: ComponentInstanceEntity;
      if (existing) {
        instance = { ...existing, ...fields, healthChangedAt: existing.health === 'progressing' ? existing.healthChangedAt : now };
        await em.getRepository(ComponentInstanceEntity).save(instance);
      } else {
        instance = { id: randomUUID(), app: d.app, cluster: d.cluster, namespace: d.namespace, stage: d.stage, component: d.component, ...fields, lastCheckAt: null, healthChangedAt: now, createdAt: now };
        await em.getRepository(ComponentInstanceEntity).save(em.getRepository(ComponentInstanceEntity).create(instance));
      }
      await em.query(
        `UPDATE app_instance SET component_count = (SELECT COUNT(*) FROM component_instance WHERE app_instance_id = ?), empty_since = NULL WHERE id = ?`,
        [app!.id, app!.id],
      );
      return { instance, created: !existing, previousHealth: existing?.health ?? null };
    });
  }

  get(id: string): Promise<ComponentInstanceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByKey(key: { app: string; cluster: string; namespace: string; stage: string; component: string }): Promise<ComponentInstanceEntity | null> {
    return this.repo.findOneBy(key);
  }

  findByIds(ids: string[]): Promise<ComponentInstanceEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.findBy({ id: In(ids) });
  }

  listByApp(appInstanceId: string): Promise<ComponentInstanceEntity[]> {
    return this.repo.find({ where: { appInstanceId }, order: { component: 'ASC' } });
  }

  /** Health counts per app instance, for folding app health of many apps in one query. */
  async healthCounts(appInstanceIds: string[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>(appInstanceIds.map((id) => [id, new Map()]));
    if (appInstanceIds.length === 0) return out;
    const rows = (await this.dataSource.query(
      'SELECT app_instance_id AS appInstanceId, health, COUNT(*) AS n FROM component_instance WHERE app_instance_id IN (?) GROUP BY app_instance_id, health',
      [appInstanceIds],
    )) as Array<{ appInstanceId: string; health: string; n: string | number }>;
    for (const row of rows) out.get(row.appInstanceId)?.set(row.health, Number(row.n));
    return out;
  }

  /** Compare-and-set on the previous health: false when someone else moved it first. */
  async changeHealth(id: string, expectedHealth: string, update: HealthUpdate, now = new Date()): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(ComponentInstanceEntity)
      .set({
        health: update.health,
        message: update.message,
        checks: update.checks,
        healthChangedAt: now,
        updatedAt: now,
        ...(update.checkedAt ? { lastCheckAt: update.checkedAt } : {}),
        ...(update.mode ? { mode: update.mode } : {}),
      })
      .where('id = :id AND health = :expectedHealth', { id, expectedHealth })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** A check that found nothing new: count it and refresh the message, in one statement per batch. */
  async recordUnchanged(rows: Array<{ id: string; message: string | null }>, checkedAt: Date): Promise<void> {
    if (rows.length === 0) return;
    // Messages may differ per row; CASE keeps this to one round trip for a whole claimed batch.
    const ids = rows.map((r) => r.id);
    const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
    await this.dataSource.query(
      `UPDATE component_instance SET checks = checks + 1, last_check_at = ?, message = CASE id ${cases} ELSE message END WHERE id IN (?)`,
      [checkedAt, ...rows.flatMap((r) => [r.id, r.message]), ids],
    );
  }

  /** Moves every watchable instance of a cluster to a mode; returns the ids that moved. */
  async setClusterMode(cluster: string, mode: 'watch' | 'pull'): Promise<string[]> {
    const rows = (await this.dataSource.query('SELECT id FROM component_instance WHERE cluster = ? AND watchable = 1 AND mode <> ?', [cluster, mode])) as Array<{
      id: string;
    }>;
    if (rows.length === 0) return [];
    await this.dataSource.query('UPDATE component_instance SET mode = ? WHERE cluster = ? AND watchable = 1 AND mode <> ?', [mode, cluster, mode]);
    return rows.map((r) => r.id);
  }

  /** Pages of schedule facts by id (for rebuilding the Redis schedule). */
  async schedulePage(afterId: string, limit: number): Promise<ScheduleRow[]> {
    const rows = await this.repo.find({
      select: { id: true, health: true, mode: true, checks: true, lastCheckAt: true },
      where: { id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map((r) => ({ id: r.id, health: r.health, mode: r.mode, checks: r.checks, lastCheckAt: r.lastCheckAt }));
  }

  async count(): Promise<number> {
    return this.repo.count();
  }

  async deleteByApp(appInstanceId: string): Promise<string[]> {
    const rows = await this.repo.find({ select: { id: true }, where: { appInstanceId } });
    await this.repo.delete({ appInstanceId });
    return rows.map((r) => r.id);
  }
}
