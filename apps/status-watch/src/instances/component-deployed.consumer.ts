import { componentDeployedEvent, type EventEnvelope, type InstanceHealth } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { z } from 'zod';
import type { ComponentInstanceStore } from '@appmanager/persistence';
import type { HealthProbe } from '../health/health-probe.js';
import type { HealthRecorder } from '../health/health-recorder.js';
import type { RedisSchedule } from '../schedule/redis-schedule.js';
import type { ClusterModes } from '../watch/cluster-modes.js';

type Deployed = EventEnvelope<z.output<typeof componentDeployedEvent.data>>;

export const componentDeployedDurable = 'status-watch-component-deployed';

/**
 * `component.deployed` → a component instance (and its app instance), checked at once
 * and then on the fast tier. Redelivered events are skipped by id (durable consumer);
 * an event for a plugin the registry does not know is ignored with the reason logged.
 */
export class ComponentDeployedConsumer {
  readonly stats = { upserts: 0, ignored: 0 };

  constructor(
    private readonly components: ComponentInstanceStore,
    private readonly probe: HealthProbe,
    private readonly recorder: HealthRecorder,
    private readonly schedule: RedisSchedule,
    private readonly modes: ClusterModes,
  ) {}

  async handle(event: Deployed): Promise<void> {
    const d = event.data;
    const plugin = await this.probe.describe(d.plugin);
    if (!plugin.known) {
      this.stats.ignored++;
      rootLogger().warn(
        { eventId: event.eventId, app: d.app, component: d.component, plugin: `${d.plugin.name}@${d.plugin.version}` },
        `ignored component.deployed: component plugin ${d.plugin.name}@${d.plugin.version} is unknown to the plugin registry, so its health cannot be checked`,
      );
      return;
    }
    const mode = this.modes.modeFor(d.cluster, plugin.watch);
    const { instance, previousHealth } = await this.components.upsertDeployed({
      orderId: d.orderId,
      app: d.app,
      cluster: d.cluster,
      namespace: d.namespace,
      stage: d.stage,
      component: d.component,
      pluginName: d.plugin.name,
      pluginVersion: d.plugin.version,
      revision: d.revision,
      outputs: d.outputs,
      launchAttrs: d.attrs,
      watchable: plugin.watch,
      mode,
    });
    this.stats.upserts++;
    await this.schedule.schedule([[instance.id, Date.now()]]);
    await this.recorder.announce(instance, previousHealth as InstanceHealth | null, 'progressing', instance.message, mode, new Date());
  }
}
