import { describePluginsRpc, DomainError, pluginActivatedEvent, resolvePluginRpc, type PluginBundleDto } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { EventBus, RpcClient } from '@appmanager/messaging';
import type { PluginKind, PluginRef } from '@appmanager/plugin-sdk';

export interface PluginCacheOptions {
  rpc: RpcClient;
  /** Live activation events evict at once; without them the cache relies on `activeTtlMs` alone. */
  events?: EventBus;
  /**
   * How long a known active version is trusted without asking the registry again. A
   * safety net for activation events missed while disconnected (they are core NATS
   * messages to this process). Default 30 s.
   */
  activeTtlMs?: number;
  /** Bundles kept (versions are immutable, so only memory bounds this). Default 500. */
  maxBundles?: number;
}

export interface ActivationChange {
  kind: PluginKind;
  name: string;
  version: string;
  previousVersion: string | null;
}

interface ActiveEntry {
  version: Promise<string>;
  /** Bumped by every activation event, so a registry answer that raced an event is not stored over it. */
  generation: number;
  fetchedAt: number;
}

const key = (kind: string, name: string): string => `${kind}/${name}`;
const versionKey = (ref: PluginRef): string => `${ref.kind}/${ref.name}@${ref.version}`;

/**
 * The client side of the registry: bundles by (kind, name, version) — immutable, so
 * cached for good — and the active version per (kind, name), replaced the moment a
 * `plugin.activated.v1` event arrives.
 */
export class PluginCache {
  private readonly bundles = new Map<string, Promise<PluginBundleDto>>();
  private readonly active = new Map<string, ActiveEntry>();
  private readonly generations = new Map<string, number>();
  private readonly listeners: Array<(change: ActivationChange) => void> = [];
  private unsubscribe?: () => void;

  constructor(private readonly options: PluginCacheOptions) {}

  /** Starts listening for activations (no-op without an event bus). */
  start(): this {
    if (this.options.events && !this.unsubscribe) {
      this.unsubscribe = this.options.events.subscribeLive(pluginActivatedEvent.type, (event) => {
        const parsed = pluginActivatedEvent.data.safeParse(event.data);
        if (parsed.success) this.applyActivation(parsed.data);
        else rootLogger().warn({ eventId: event.eventId }, 'ignored a malformed plugin.activated.v1 event');
      });
    }
    return this;
  }

  /** Called for every activation this cache learns of (the runtime evicts old isolates here). */
  onActivation(listener: (change: ActivationChange) => void): void {
    this.listeners.push(listener);
  }

  /** Feed an activation from elsewhere (e.g. a durable consumer) — same effect as the live event. */
  applyActivation(change: ActivationChange): void {
    const k = key(change.kind, change.name);
    const generation = (this.generations.get(k) ?? 0) + 1;
    this.generations.set(k, generation);
    this.active.set(k, { version: Promise.resolve(change.version), generation, fetchedAt: Date.now() });
    for (const listener of this.listeners) listener(change);
  }

  /** The active version of (kind, name), from cache when fresh. */
  activeVersion(kind: PluginKind, name: string): Promise<string> {
    const k = key(kind, name);
    const cached = this.active.get(k);
    const ttl = this.options.activeTtlMs ?? 30_000;
    if (cached && Date.now() - cached.fetchedAt < ttl) return cached.version;
    const generation = this.generations.get(k) ?? 0;
    const version = this.fetchActive(kind, name);
    const entry: ActiveEntry = { version, generation, fetchedAt: Date.now() };
    this.active.set(k, entry);
    version.catch(() => {
      if (this.active.get(k) === entry) this.active.delete(k);
    });
    return version.then((v) => {
      // An activation event arrived while we asked: it is newer than our answer.
      const current = this.active.get(k);
      return current && current !== entry && current.generation > generation ? current.version : v;
    });
  }

  /** The bundle of one exact version. */
  bundle(ref: PluginRef): Promise<PluginBundleDto> {
    const k = versionKey(ref);
    let pending = this.bundles.get(k);
    if (!pending) {
      pending = this.options.rpc.call(resolvePluginRpc, { kind: ref.kind, name: ref.name, version: ref.version });
      pending.catch(() => this.bundles.delete(k));
      if (this.bundles.size >= (this.options.maxBundles ?? 500)) this.bundles.delete(this.bundles.keys().next().value!);
      this.bundles.set(k, pending);
    }
    return pending;
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private async fetchActive(kind: PluginKind, name: string): Promise<string> {
    const { plugins } = await this.options.rpc.call(describePluginsRpc, { refs: [{ kind, name }] });
    const found = plugins.find((p) => p.kind === kind && p.name === name);
    if (!found) throw new DomainError('not_found', `there is no active version of plugin ${kind}/${name}`, [], { plugin: name, kind });
    return found.version;
  }
}
