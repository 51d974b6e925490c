import { describePluginsRpc } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { RpcClient } from '@appmanager/messaging';
import type { PluginClient } from '@appmanager/plugin-client';
import type { HostCapabilities } from '@appmanager/plugin-runtime';
import type { InstanceRequest } from '@appmanager/plugin-sdk';
import type { HealthProbe, InstanceWatchEvent, ProbedInstance } from './health-probe.js';
import { pluginHealthStates, type HealthReport } from './health-states.js';
import { launchAttrsOf } from './launch-attrs.js';
import { createWatcherProcessesCapability } from './local-processes.capability.js';

/**
 * Component plugins run through the plugin client, pinned to the version that deployed
 * the instance. `health`, `watch.toHealth` and `destroy` get back as `attrs` what the
 * plugin's `launch` returned (carried by `component.deployed`). Instances deployed before
 * the event carried attrs have none stored: they get their outputs instead, as before.
 */
export class PluginHealthProbe implements HealthProbe {
  private readonly described = new Map<string, Promise<{ known: boolean; watch: boolean }>>();

  constructor(
    private readonly plugins: PluginClient,
    private readonly rpc: RpcClient,
  ) {}

  async health(instance: ProbedInstance, timeoutMs: number): Promise<HealthReport> {
    const { result } = await this.plugins.call<unknown>(this.ref(instance), 'health', [this.request(instance)], this.options(instance, timeoutMs));
    return toReport(result);
  }

  async watchHealth(instance: ProbedInstance, event: InstanceWatchEvent, timeoutMs: number): Promise<HealthReport | null> {
    const { result } = await this.plugins.call<unknown>(this.ref(instance), 'watch.toHealth', [{ ...event, attrs: launchAttrsOf(instance) }], this.options(instance, timeoutMs));
    return result === null || result === undefined ? null : toReport(result);
  }

  async destroy(instance: ProbedInstance, timeoutMs: number): Promise<void> {
    await this.plugins.call(this.ref(instance), 'destroy', [this.request(instance)], this.options(instance, timeoutMs));
  }

  describe(plugin: { name: string; version: string }): Promise<{ known: boolean; watch: boolean }> {
    const key = `${plugin.name}@${plugin.version}`;
    let pending = this.described.get(key);
    if (!pending) {
      const version = this.ref({ pluginName: plugin.name, pluginVersion: plugin.version }).version;
      pending = this.rpc.call(describePluginsRpc, { refs: [{ kind: 'component', name: plugin.name, version }] }).then(({ plugins }) => {
        const found = plugins.find((p) => p.kind === 'component' && p.name === plugin.name);
        return { known: found !== undefined, watch: found?.methods.some((m) => m === 'watch' || m.startsWith('watch.')) ?? false };
      });
      // Only answers are cached: a registry that did not answer is asked again next time.
      pending.catch(() => this.described.delete(key));
      this.described.set(key, pending);
    }
    return pending;
  }

  private ref(instance: Pick<ProbedInstance, 'pluginName' | 'pluginVersion'>) {
    // Instances deployed by the walking skeleton carry no real version: run the active one.
    const version = /^\d+\.\d+\.\d+/.test(instance.pluginVersion) ? instance.pluginVersion : undefined;
    return { kind: 'component' as const, name: instance.pluginName, version };
  }

  private request(instance: ProbedInstance): InstanceRequest {
    return {
      app: instance.app,
      component: instance.component,
      target: { cluster: instance.cluster, clusterKind: instance.cluster === 'local' ? 'local' : 'kubernetes', namespace: instance.namespace, stage: instance.stage },
      properties: {},
      attrs: launchAttrsOf(instance),
    };
  }

  private options(instance: ProbedInstance, timeoutMs: number) {
    const capabilities: HostCapabilities = instance.cluster === 'local' ? { processes: createWatcherProcessesCapability(this.rpc, instance) } : {};
    return {
      timeoutMs,
      capabilities,
      logSink: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) =>
        rootLogger()[level]({ ...fields, plugin: `${instance.pluginName}@${instance.pluginVersion}`, instanceId: instance.id }, message),
    };
  }
}

/** Only the four plugin states are accepted; anything else is reported as unknown, saying what came back. */
export function toReport(result: unknown): HealthReport {
  const value = (result ?? {}) as { health?: unknown; message?: unknown };
  const message = typeof value.message === 'string' ? value.message : null;
  if (typeof value.health === 'string' && pluginHealthStates.has(value.health)) return { health: value.health as HealthReport['health'], message };
  return { health: 'unknown', message: `the plugin's health returned ${JSON.stringify(value.health ?? null)}, not healthy|degraded|unhealthy|unknown` };
}
