import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_BUS, RPC_CLIENT } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { EventBus, RpcClient } from '@appmanager/messaging';
import { createProcessesCapability, PluginClient } from '@appmanager/plugin-client';
import type { HostCapabilities } from '@appmanager/plugin-runtime';
import { createHostCapabilities } from './capabilities/host-capabilities.factory.js';
import type { NodePluginCallOptions, NodePluginHost, NodePluginTarget } from './node-plugin-host.js';

const key = (t: NodePluginTarget): string => `${t.kind}/${t.name}@${t.version}`;

/**
 * Plugins in this worker, through the shared plugin client: bundles fetched from the
 * registry by the exact version the order recorded, one warm isolate per version,
 * evicted when the registry announces another active version (calls in flight finish
 * on theirs).
 */
@Injectable()
export class RuntimePluginHost implements NodePluginHost, OnApplicationShutdown {
  private readonly client: PluginClient;

  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(EVENT_BUS) events: EventBus,
  ) {
    this.client = new PluginClient({ rpc, events }).start();
  }

  onApplicationShutdown(): void {
    this.client.close();
  }

  async call<T>(target: NodePluginTarget, method: string, args: unknown[], options: NodePluginCallOptions): Promise<T> {
    const { result } = await this.client.call<T>(target, method, args, {
      capabilities: this.capabilitiesFor(options.scope),
      timeoutMs: options.timeoutMs,
      logSink: (level, message, fields) => rootLogger()[level]({ ...options.log, plugin: key(target), ...fields }, message),
    });
    return result;
  }

  /** Granted to every call; the runtime hands a plugin only those its manifest declares. */
  private capabilitiesFor(scope: NodePluginCallOptions['scope']): HostCapabilities {
    return createHostCapabilities({ processes: createProcessesCapability(this.rpc, scope) });
  }

  async manifest(target: NodePluginTarget): Promise<Record<string, unknown>> {
    return (await this.client.cache.bundle(target)).manifest;
  }
}
