import { instanceHealthChangedEvent, type InstanceHealth, type InstanceMode } from '@appmanager/contracts';
import type { EventBus } from '@appmanager/messaging';
import type { ComponentInstanceEntity, ComponentInstanceStore, HealthHistoryStore } from '@appmanager/persistence';
import type { AppAggregator } from '../aggregate/app-aggregator.js';
import { nextComponentHealth, type HealthReport, type NextComponentHealth } from './health-states.js';

export interface RecordOutcome {
  next: NextComponentHealth;
  /** True when this call moved the instance (history written, event published). */
  recorded: boolean;
}

/**
 * Turns a health report into a recorded change: compare-and-set on the previous health,
 * one history row, one `instance.health.changed.v1`, and the app marked for folding.
 * Reports that change nothing are returned for the caller to batch.
 */
export class HealthRecorder {
  constructor(
    private readonly components: ComponentInstanceStore,
    private readonly history: HealthHistoryStore,
    private readonly events: EventBus,
    private readonly aggregator: AppAggregator,
    private readonly expireAfterMs: number,
  ) {}

  async record(instance: ComponentInstanceEntity, report: HealthReport, at: Date, options: { checked: boolean; mode?: InstanceMode }): Promise<RecordOutcome> {
    const previous = instance.health as InstanceHealth;
    const next = nextComponentHealth({ health: previous, checks: instance.checks, healthChangedAt: instance.healthChangedAt }, report, at, this.expireAfterMs);
    if (!next.changed) return { next, recorded: false };
    const moved = await this.components.changeHealth(
      instance.id,
      previous,
      { health: next.health, message: next.message, checks: next.checks, checkedAt: options.checked ? at : null, mode: options.mode },
      at,
    );
    if (!moved) return { next: { ...next, changed: false }, recorded: false };
    await this.announce(instance, previous, next.health, next.message, options.mode ?? (instance.mode as InstanceMode), at);
    return { next, recorded: true };
  }

  /** History + event + app folding for a change already written (deploys write their own row). */
  async announce(instance: ComponentInstanceEntity, previous: InstanceHealth | null, health: InstanceHealth, message: string | null, mode: InstanceMode, at: Date): Promise<void> {
    // The app is marked first: the change is already in MySQL, and if the history write or
    // the publish below fails, a redelivered event finds nothing new to record, so marking
    // after them lost the app's fold (seen in bench:status as an app never turning unhealthy).
    this.aggregator.markDirty(instance.appInstanceId);
    // Independent writes: in parallel, so a watch event costs one round trip less before its app folds.
    const written = this.history.append([
      { appInstanceId: instance.appInstanceId, instanceId: instance.id, scope: 'component', component: instance.component, health, previousHealth: previous, message, at },
    ]);
    const published = this.events.publish(instanceHealthChangedEvent, {
      scope: 'component',
      id: instance.id,
      appInstanceId: instance.appInstanceId,
      app: instance.app,
      cluster: instance.cluster,
      namespace: instance.namespace,
      stage: instance.stage,
      component: instance.component,
      health,
      previousHealth: previous,
      message,
      mode,
      changedAt: at.toISOString(),
    });
    await Promise.all([written, published]);
  }
}
