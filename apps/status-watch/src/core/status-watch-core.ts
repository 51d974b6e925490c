import { componentDeployedEvent } from '@appmanager/contracts';
import type { EventBus, ProcessedEvents, Redis, RpcServer } from '@appmanager/messaging';
import { AppInstanceStore, ComponentInstanceStore, HealthHistoryStore, type Database } from '@appmanager/persistence';
import { AppAggregator } from '../aggregate/app-aggregator.js';
import { EmptyAppSweep } from '../aggregate/empty-app-sweep.js';
import type { HealthProbe } from '../health/health-probe.js';
import { HealthRecorder } from '../health/health-recorder.js';
import { ComponentDeployedConsumer, componentDeployedDurable } from '../instances/component-deployed.consumer.js';
import { DeleteInstanceUseCase } from '../instances/delete-instance.usecase.js';
import { registerInstanceHandlers } from '../instances/instances.handlers.js';
import { PullLoop } from '../schedule/pull-loop.js';
import { RedisSchedule } from '../schedule/redis-schedule.js';
import { ScheduleReconciler } from '../schedule/schedule-reconciler.js';
import type { StatusWatchSettings } from '../settings/status-watch-settings.js';
import { ClusterModes } from '../watch/cluster-modes.js';
import { LocalProcessWatch } from '../watch/local-process-watch.js';

export interface StatusWatchCoreDeps {
  db: Database;
  redis: Redis;
  /** Key prefix of this installation (or test run) in Redis. */
  redisPrefix: string;
  events: EventBus;
  processed?: ProcessedEvents;
  probe: HealthProbe;
  settings: StatusWatchSettings;
  replicaId: string;
  /** Liveness of the local watch stream (a NATS round trip). */
  streamProbe: () => Promise<void>;
  /** Serve the instance queries (the service does; benchmarks do not). */
  rpc?: RpcServer;
}

export type StatusWatchCore = ReturnType<typeof createStatusWatchCore>;

/**
 * The status watcher's parts wired together, without Nest, so the service module, the
 * integration tests and the benchmark run exactly the same code.
 */
export function createStatusWatchCore(deps: StatusWatchCoreDeps) {
  const { settings } = deps;
  const components = new ComponentInstanceStore(deps.db);
  const apps = new AppInstanceStore(deps.db);
  const history = new HealthHistoryStore(deps.db);
  const schedule = new RedisSchedule(deps.redis, deps.redisPrefix, deps.replicaId);
  const aggregator = new AppAggregator(apps, components, history, deps.events, {
    debounceMs: settings.appDebounceMs,
    maxWaitMs: settings.appMaxWaitMs,
    emptyAppDeletedAfterMs: settings.emptyAppDeletedAfterMs,
  });
  const emptyApps = new EmptyAppSweep(apps, aggregator, { intervalMs: settings.emptyAppSweepIntervalMs, deletedAfterMs: settings.emptyAppDeletedAfterMs });
  const recorder = new HealthRecorder(components, history, deps.events, aggregator, settings.expireAfterMs);
  const modes = new ClusterModes(settings.watchClusterLimit, async (cluster, mode) => {
    const moved = await components.setClusterMode(cluster, mode);
    // Falling back to pull: check them now rather than at the watch safety interval.
    if (mode === 'pull') await schedule.schedule(moved.map((id): [string, number] => [id, Date.now()]));
  });
  const pull = new PullLoop(schedule, components, recorder, deps.probe, modes, settings);
  const reconciler = new ScheduleReconciler(schedule, components, modes, settings);
  const deployed = new ComponentDeployedConsumer(components, deps.probe, recorder, schedule, modes);
  const localWatch = new LocalProcessWatch(deps.events, deps.processed, components, deps.probe, recorder, modes, deps.streamProbe, {
    probeIntervalMs: settings.watchProbeIntervalMs,
    callTimeoutMs: settings.checkTimeoutMs,
  });
  const deleteInstance = new DeleteInstanceUseCase(apps, components, history, schedule, deps.probe, deps.events, 30_000);
  if (deps.rpc) registerInstanceHandlers(deps.rpc, { apps, components, history, deleteInstance });

  return {
    components,
    apps,
    history,
    schedule,
    aggregator,
    emptyApps,
    recorder,
    modes,
    pull,
    reconciler,
    deployed,
    localWatch,
    deleteInstance,
    async start(options: { pull?: boolean } = {}): Promise<void> {
      await reconciler.start();
      await localWatch.start();
      await deps.events.consume(componentDeployedDurable, componentDeployedEvent, (event) => deployed.handle(event), { processed: deps.processed });
      if (options.pull !== false) pull.start();
      emptyApps.start();
    },
    async stop(): Promise<void> {
      reconciler.stop();
      emptyApps.stop();
      localWatch.stop();
      await pull.stop();
      await aggregator.close();
    },
  };
}
