import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { pluginActivatedEvent, resolvePluginRpc } from '@appmanager/contracts';
import { EVENT_BUS, RPC_CLIENT } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { EventBus, RpcClient } from '@appmanager/messaging';
import { PluginRuntime, type HostCapabilities } from '@appmanager/plugin-runtime';
import type { PluginManifest } from '@appmanager/plugin-sdk';
import { createHostCapabilities } from './capabilities/host-capabilities.factory.js';
import { createProcessesCapability } from './capabilities/processes.capability.js';
import type { NodePluginCallOptions, NodePluginHost, NodePluginTarget } from './node-plugin-host.js';

const key = (t: NodePluginTarget): string => `${t.kind}/${t.name}@${t.version}`;

/**
 * Plugins in this worker: bundles fetched from the plugin registry by exact version
 * (what the order recorded), one warm isolate per version, evicted when the registry
 * announces another active version (calls in flight finish on theirs).
 */
@Injectable()
export class RuntimePluginHost implements NodePluginHost, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly manifests = new Map<string, Promise<Record<string, unknown>>>();
  private readonly runtime: PluginRuntime;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {
    this.runtime = new PluginRuntime({
      load: async (ref) => {
        const bundle = await this.rpc.call(resolvePluginRpc, { kind: ref.kind, name: ref.name, version: ref.version });
        return { manifest: bundle.manifest as unknown as PluginManifest, code: bundle.code, sourceMap: bundle.sourceMap ?? '' };
      },
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribeLive(pluginActivatedEvent.type, (event) => {
      const data = pluginActivatedEvent.data.safeParse(event.data);
      if (data.success && data.data.previousVersion) this.runtime.evict(data.data.kind, data.data.name, data.data.previousVersion);
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.runtime.close();
  }

  call<T>(target: NodePluginTarget, method: string, args: unknown[], options: NodePluginCallOptions): Promise<T> {
    return this.runtime.call<T>(target, method, args, {
      capabilities: this.capabilitiesFor(options.scope),
      timeoutMs: options.timeoutMs,
      logSink: (level, message, fields) => rootLogger()[level]({ ...options.log, plugin: key(target), ...fields }, message),
    });
  }

  /** Granted to every call; the runtime hands a plugin only those its manifest declares. */
  private capabilitiesFor(scope: NodePluginCallOptions['scope']): HostCapabilities {
    return createHostCapabilities({ processes: createProcessesCapability(this.rpc, scope) });
  }

  manifest(target: NodePluginTarget): Promise<Record<string, unknown>> {
    let pending = this.manifests.get(key(target));
    if (!pending) {
      pending = this.rpc.call(resolvePluginRpc, { kind: target.kind, name: target.name, version: target.version }).then((b) => b.manifest);
      pending.catch(() => this.manifests.delete(key(target)));
      this.manifests.set(key(target), pending);
    }
    return pending;
  }
}
