import { DomainError } from '@appmanager/contracts';
import type { PluginKind, PluginRef } from '@appmanager/plugin-sdk';
import { CapabilityBridge } from '../bridge/capability-bridge.js';
import { availableCapabilities } from '../bridge/host-capabilities.js';
import type { PluginSandbox } from '../sandbox/plugin-sandbox.js';
import { classifySandboxError, decodeReply, sandboxError, type CallSite } from './call-outcome.js';
import { CachedPlugin } from './cached-plugin.js';
import {
  pluginKey,
  resolveRuntimeOptions,
  type CallOptions,
  type LoadedPlugin,
  type PluginRuntimeOptions,
} from './runtime-options.js';

/**
 * Runs plugin methods in isolated-vm. One warm isolate per cached (kind, name, version);
 * the caller names the version on every call, so activating a version is just calling
 * it (or `activate` to warm it up front) and `evict` to let the old one go. Calls already
 * running on an evicted version finish there.
 */
export class PluginRuntime {
  private readonly cache = new Map<string, CachedPlugin>();
  private readonly loading = new Map<string, Promise<CachedPlugin>>();
  private readonly bridge = new CapabilityBridge();
  private readonly limits: { timeoutMs: number; memoryLimitMiB: number };
  private lastCallId = 0;

  constructor(private readonly options: PluginRuntimeOptions = {}) {
    this.limits = resolveRuntimeOptions(options);
  }

  /**
   * Caches a plugin version and creates its sandbox now, so its top-level errors surface
   * here and its first call is warm. Replaces a cached copy of the same version.
   * Returns the callable method paths (`launch`, `watch.toHealth`, …).
   */
  activate(plugin: LoadedPlugin): { methods: readonly string[] } {
    const entry = new CachedPlugin(plugin, this.bridge, { memoryLimitMiB: this.limits.memoryLimitMiB, setupTimeoutMs: this.limits.timeoutMs });
    const site: CallSite = { ref: entry.ref, method: 'load', sourceMap: entry.sourceMap };
    let sandbox: PluginSandbox;
    try {
      sandbox = entry.warmSandbox();
    } catch (error) {
      throw sandboxError(classifySandboxError(error, undefined, false), error, site, this.limits);
    }
    const key = pluginKey(entry.ref);
    this.retire(this.cache.get(key));
    this.cache.set(key, entry);
    return { methods: sandbox.methods };
  }

  /** Forgets one version, or every version of (kind, name). In-flight calls finish first. */
  evict(kind: PluginKind, name: string, version?: string): void {
    for (const [key, entry] of this.cache) {
      if (entry.ref.kind === kind && entry.ref.name === name && (version === undefined || entry.ref.version === version)) {
        this.cache.delete(key);
        this.retire(entry);
      }
    }
  }

  /**
   * Calls `method` (a path such as `launch` or `watch.toHealth`) with `ctx` followed by
   * `args`. Arguments and result cross as JSON. Fails with DomainError: plugin_failed
   * (the plugin threw, or returned something that is not JSON), plugin_timeout,
   * plugin_memory_limit, capability_denied, not_found (no such plugin or method).
   */
  async call<T = unknown>(ref: PluginRef, method: string, args: readonly unknown[], options: CallOptions = {}): Promise<T> {
    const entry = this.cache.get(pluginKey(ref)) ?? (await this.load(ref));
    const timeoutMs = options.timeoutMs ?? this.limits.timeoutMs;
    const argsJson = encodeArgs(args, ref, method);
    const callId = ++this.lastCallId;
    const deadline = Date.now() + timeoutMs;
    const available = availableCapabilities(entry.declared, options.capabilities);
    this.bridge.calls.set(callId, { manifest: entry.plugin.manifest, available, capabilities: options.capabilities, logSink: options.logSink, deadline });
    entry.inflight++;
    let sandbox: PluginSandbox | undefined;
    let timedOut = false;
    try {
      sandbox = entry.warmSandbox();
      let reply = sandbox.call(method, argsJson, callId, deadline, available, timeoutMs);
      if (reply === 'p') reply = await settleBefore(sandbox, callId, deadline, () => (timedOut = true));
      // Hot path inline: a plain result needs no call-site object.
      if (reply.charCodeAt(0) === 114 /* r */) return JSON.parse(reply.slice(1)) as T;
      return decodeReply(reply, { ref: entry.ref, method, sourceMap: entry.sourceMap }) as T;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const failure = classifySandboxError(error, sandbox, timedOut);
      // A call cut off mid-way may leave the guest's state half-changed: start afresh.
      if (sandbox && failure !== 'other') entry.reset(sandbox, failure === 'timeout' ? 'timeout' : 'failure');
      throw sandboxError(failure, error, { ref: entry.ref, method: sandbox ? method : 'load', sourceMap: entry.sourceMap }, { timeoutMs, memoryLimitMiB: this.limits.memoryLimitMiB });
    } finally {
      this.bridge.calls.delete(callId);
      entry.inflight--;
      entry.disposeIfIdle();
    }
  }

  /** Heap of every warm sandbox, for metrics and the benchmark. */
  memoryUsage(): { plugins: number; usedHeapBytes: number; totalHeapBytes: number; externalBytes: number } {
    const usage = { plugins: 0, usedHeapBytes: 0, totalHeapBytes: 0, externalBytes: 0 };
    for (const entry of this.cache.values()) {
      const heap = entry.heapBytes();
      if (!heap) continue;
      usage.plugins++;
      usage.usedHeapBytes += heap.used;
      usage.totalHeapBytes += heap.total;
      usage.externalBytes += heap.external;
    }
    return usage;
  }

  /** Evicts everything (shutdown, tests). Calls in flight still finish. */
  close(): void {
    for (const entry of this.cache.values()) this.retire(entry);
    this.cache.clear();
  }

  private retire(entry: CachedPlugin | undefined): void {
    if (!entry) return;
    entry.retired = true;
    entry.disposeIfIdle();
  }

  private load(ref: PluginRef): Promise<CachedPlugin> {
    const key = pluginKey(ref);
    const load = this.options.load;
    if (!load) return Promise.reject(new DomainError('not_found', `plugin ${key} is not active in this runtime`, [], { plugin: ref.name, kind: ref.kind, version: ref.version }));
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load(ref)
        .then((plugin) => {
          this.activate(plugin);
          const entry = this.cache.get(key);
          if (!entry) throw new DomainError('not_found', `the loader returned ${pluginKey(plugin.manifest)} for ${key}`);
          return entry;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }
}

function encodeArgs(args: readonly unknown[], ref: PluginRef, method: string): string {
  try {
    return JSON.stringify(args);
  } catch (error) {
    throw new DomainError('bad_request', `arguments for ${pluginKey(ref)} ${method} are not JSON: ${(error as Error).message}`);
  }
}

/** Waits for an async method's outcome; at the deadline the isolate is disposed, which stops any guest code still running. */
function settleBefore(sandbox: PluginSandbox, callId: number, deadline: number, onTimeout: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      sandbox.dispose('timeout');
      reject(new Error('timed out'));
    }, Math.max(0, deadline - Date.now()));
    sandbox.settle(callId).then(
      (reply) => {
        clearTimeout(timer);
        resolve(reply);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
