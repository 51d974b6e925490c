import type { SourceMap } from 'node:module';
import type { CapabilityName, PluginRef } from '@appmanager/plugin-sdk';
import type { HostBridge } from '../sandbox/plugin-sandbox.js';
import { PluginSandbox, type SandboxOptions } from '../sandbox/plugin-sandbox.js';
import { parseSourceMap } from '../sandbox/guest-stack.js';
import type { LoadedPlugin } from './runtime-options.js';

/**
 * One plugin version in the cache: its bundle, and a warm sandbox created on first use
 * (and again after a limit killed the previous one). A retired entry (evicted or
 * replaced) keeps serving the calls already running on it and is disposed after the last.
 */
export class CachedPlugin {
  private sandbox?: PluginSandbox;
  private map?: SourceMap;
  inflight = 0;
  retired = false;
  readonly ref: PluginRef;
  readonly declared: readonly CapabilityName[];

  constructor(
    readonly plugin: LoadedPlugin,
    private readonly bridge: HostBridge,
    private readonly options: SandboxOptions,
  ) {
    const { kind, name, version } = plugin.manifest;
    this.ref = { kind, name, version };
    this.declared = plugin.manifest.capabilities ?? [];
  }

  /** The live sandbox, created if there is none (first call, or the last one was killed). */
  warmSandbox(): PluginSandbox {
    if (this.sandbox && !this.sandbox.disposed) return this.sandbox;
    this.sandbox = undefined;
    this.sandbox = PluginSandbox.create({ ...this.ref, code: this.plugin.code, declared: this.declared }, this.bridge, this.options);
    return this.sandbox;
  }

  /** Parsed lazily: only errors need it. */
  sourceMap = (): SourceMap | undefined => {
    try {
      this.map ??= parseSourceMap(this.plugin.sourceMap);
    } catch {
      return undefined;
    }
    return this.map;
  };

  /** Drops a sandbox whose state can no longer be trusted (a call was cut off inside it). */
  reset(sandbox: PluginSandbox, reason: 'timeout' | 'failure'): void {
    sandbox.dispose(reason);
    if (this.sandbox === sandbox) this.sandbox = undefined;
  }

  heapBytes(): { used: number; total: number; external: number } | undefined {
    return this.sandbox && !this.sandbox.disposed ? this.sandbox.heapBytes() : undefined;
  }

  /** Called when retired and after each call: disposes once nothing runs on it. */
  disposeIfIdle(): void {
    if (!this.retired || this.inflight > 0) return;
    this.sandbox?.dispose('eviction');
    this.sandbox = undefined;
  }
}
