import { processExitedEvent, processReadyEvent, type EventEnvelope } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { EventBus, ProcessedEvents } from '@appmanager/messaging';
import type { ComponentInstanceStore } from '@appmanager/persistence';
import type { HealthProbe } from '../health/health-probe.js';
import type { HealthRecorder } from '../health/health-recorder.js';
import type { ClusterModes } from './cluster-modes.js';

type ProcessEventData = EventEnvelope<{ key: string; pid: number; port: number | null; exitCode: number | null; signal: string | null; state: string; message: string }>;

export const localCluster = 'local';

/**
 * The watch stream of the `local` cluster: the process supervisor's exit/ready events,
 * mapped through the component plugin's `watch.toHealth` as they arrive (a crashed
 * process is unhealthy after one event). The stream counts as healthy while NATS answers
 * the liveness probe; when it stops answering, the cluster falls back to pull.
 */
export class LocalProcessWatch {
  private timer: NodeJS.Timeout | undefined;
  readonly stats = { events: 0, ignored: 0, changes: 0 };

  constructor(
    private readonly events: EventBus,
    private readonly processed: ProcessedEvents | undefined,
    private readonly components: ComponentInstanceStore,
    private readonly probe: HealthProbe,
    private readonly recorder: HealthRecorder,
    private readonly modes: ClusterModes,
    private readonly streamProbe: () => Promise<void>,
    private readonly options: { probeIntervalMs: number; callTimeoutMs: number },
  ) {}

  async start(): Promise<void> {
    await this.events.consume('status-watch-process-exited', processExitedEvent, (e) => this.handle(e, 'exited'), { processed: this.processed });
    await this.events.consume('status-watch-process-ready', processReadyEvent, (e) => this.handle(e, 'started'), { processed: this.processed });
    await this.probeStream();
    this.timer = setInterval(() => void this.probeStream(), this.options.probeIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async handle(event: ProcessEventData, kind: 'exited' | 'started'): Promise<void> {
    this.stats.events++;
    const [app, cluster, namespace, stage, ...rest] = event.data.key.split('/');
    const component = rest.join('/');
    const instance = app && cluster && namespace && stage && component ? await this.components.findByKey({ app, cluster, namespace, stage, component }) : null;
    if (!instance) {
      this.stats.ignored++;
      rootLogger().info({ key: event.data.key, eventId: event.eventId }, `ignored process.${kind} event: no component instance has process key ${event.data.key}`);
      return;
    }
    if (!instance.watchable) {
      this.stats.ignored++;
      rootLogger().info({ instanceId: instance.id, plugin: instance.pluginName }, `ignored process.${kind} event: plugin ${instance.pluginName} declares no watch`);
      return;
    }
    const report = await this.probe
      .watchHealth(instance, { subject: { type: 'process', key: component }, event: kind, object: { ...event.data } }, this.options.callTimeoutMs)
      .catch((error: unknown) => ({ health: 'unknown' as const, message: `watch.toHealth failed: ${error instanceof Error ? error.message : String(error)}` }));
    if (!report) return;
    const outcome = await this.recorder.record(instance, report, new Date(), { checked: false, mode: this.modes.isWatching(localCluster) ? 'watch' : undefined });
    if (outcome.recorded) this.stats.changes++;
  }

  private async probeStream(): Promise<void> {
    try {
      await this.streamProbe();
      await this.modes.streamHealthy(localCluster);
    } catch (error) {
      await this.modes.streamLost(localCluster, error instanceof Error ? error.message : String(error));
    }
  }
}
