import { PluginRuntime, type CallOptions, type PluginRuntimeOptions } from '@appmanager/plugin-runtime';
import type { PluginKind, PluginManifest } from '@appmanager/plugin-sdk';
import { PluginCache, type PluginCacheOptions } from './plugin-cache.js';

export interface PluginCallRef {
  kind: PluginKind;
  name: string;
  /** Pin a version (e.g. the one recorded in a deploy order); the active one otherwise. */
  version?: string;
}

export interface PluginCallResult<T> {
  /** The version that actually ran: record it so a re-run uses the same code. */
  version: string;
  result: T;
}

export interface PluginClientOptions extends PluginCacheOptions {
  runtime?: Omit<PluginRuntimeOptions, 'load'>;
}

/**
 * What a plugin host uses: `call({kind, name, version?}, method, args)` runs the active
 * (or pinned) version in a sandbox and says which version ran. On an activation event
 * the old version's isolate is evicted; calls already running on it finish there, and
 * the next call resolves the new version.
 */
export class PluginClient {
  readonly cache: PluginCache;
  private readonly runtime: PluginRuntime;

  constructor(options: PluginClientOptions) {
    this.cache = new PluginCache(options);
    this.runtime = new PluginRuntime({
      ...options.runtime,
      load: async (ref) => {
        const bundle = await this.cache.bundle(ref);
        // The registry validated the manifest at upload; the wire type is a plain record.
        return { manifest: bundle.manifest as unknown as PluginManifest, code: bundle.code, sourceMap: bundle.sourceMap ?? '' };
      },
    });
    this.cache.onActivation((change) => {
      if (change.previousVersion && change.previousVersion !== change.version) this.runtime.evict(change.kind, change.name, change.previousVersion);
    });
  }

  /** Starts listening for activation events. */
  start(): this {
    this.cache.start();
    return this;
  }

  async call<T = unknown>(ref: PluginCallRef, method: string, args: readonly unknown[], options: CallOptions = {}): Promise<PluginCallResult<T>> {
    const version = ref.version ?? (await this.cache.activeVersion(ref.kind, ref.name));
    const result = await this.runtime.call<T>({ kind: ref.kind, name: ref.name, version }, method, args, options);
    return { version, result };
  }

  /** Which version a call without a pin would run now. */
  activeVersion(kind: PluginKind, name: string): Promise<string> {
    return this.cache.activeVersion(kind, name);
  }

  memoryUsage(): ReturnType<PluginRuntime['memoryUsage']> {
    return this.runtime.memoryUsage();
  }

  close(): void {
    this.cache.close();
    this.runtime.close();
  }
}
