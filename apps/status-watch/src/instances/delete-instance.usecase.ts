import { DomainError, instanceHealthChangedEvent, type InstanceHealth } from '@appmanager/contracts';
import type { EventBus } from '@appmanager/messaging';
import type { AppInstanceStore, ComponentInstanceStore, HealthHistoryStore } from '@appmanager/persistence';
import type { HealthProbe } from '../health/health-probe.js';
import type { RedisSchedule } from '../schedule/redis-schedule.js';

/**
 * Deleting an app instance destroys every component through its plugin. Only when all
 * destroys succeeded are the rows forgotten; otherwise the instance stays (so the
 * operator can retry) and the answer names each component's error.
 */
export class DeleteInstanceUseCase {
  constructor(
    private readonly apps: AppInstanceStore,
    private readonly components: ComponentInstanceStore,
    private readonly history: HealthHistoryStore,
    private readonly schedule: RedisSchedule,
    private readonly probe: HealthProbe,
    private readonly events: EventBus,
    private readonly destroyTimeoutMs: number,
  ) {}

  async execute(id: string) {
    const app = await this.apps.get(id);
    if (!app) throw new DomainError('not_found', `there is no app instance ${id}`, [{ path: 'id', message: 'unknown app instance' }]);
    const components = await this.components.listByApp(id);
    const results = await Promise.all(
      components.map(async (c) => {
        try {
          await this.probe.destroy(c, this.destroyTimeoutMs);
          return { component: c.component, destroyed: true, message: null };
        } catch (error) {
          return { component: c.component, destroyed: false, message: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    if (results.some((r) => !r.destroyed)) return { id, deleted: false, components: results };
    const ids = await this.components.deleteByApp(id);
    await this.schedule.remove(ids);
    await this.history.deleteByApp(id);
    await this.apps.delete(id);
    await this.events.publish(instanceHealthChangedEvent, {
      scope: 'app',
      id,
      appInstanceId: id,
      app: app.app,
      cluster: app.cluster,
      namespace: app.namespace,
      stage: app.stage,
      component: null,
      health: 'deleted',
      previousHealth: app.health as InstanceHealth,
      message: 'deleted on request',
      mode: null,
      changedAt: new Date().toISOString(),
    });
    return { id, deleted: true, components: results };
  }
}
