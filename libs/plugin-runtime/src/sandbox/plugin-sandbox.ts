import ivm from 'isolated-vm';
import type { CapabilityName, PluginRef } from '@appmanager/plugin-sdk';
import { bootstrapFileName, bundleFileName, guestBootstrapSource } from './guest-bootstrap.js';

/** Host functions the guest may reach; every argument is a string or number. */
export interface HostBridge {
  log(callId: number, level: string, message: string, fieldsJson: string): void;
  capability(callId: number, capability: string, method: string, argsJson: string): Promise<string>;
  sleep(callId: number, ms: number): Promise<void>;
}

export interface SandboxOptions {
  memoryLimitMiB: number;
  /** Time limit for evaluating the bundle's top-level code. */
  setupTimeoutMs: number;
}

/**
 * One isolate + context running one plugin version. The host keeps three References
 * (bind, call, settle) that guest code never sees; everything crossing is a string.
 * Once disposed (time limit, memory limit, eviction) it stays dead — the runtime creates
 * a fresh one for the next call.
 */
export class PluginSandbox {
  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly callRef: ivm.Reference<(...args: unknown[]) => string>,
    private readonly settleRef: ivm.Reference<(callId: number) => Promise<string>>,
    /** Callable method paths, e.g. `launch`, `watch.toHealth`. */
    readonly methods: readonly string[],
  ) {}

  /**
   * Creates the isolate, runs the bootstrap and the bundle, binds the exports. Throws the
   * raw isolated-vm / guest error; the runtime maps it (it knows the source map).
   */
  static create(plugin: PluginRef & { code: string; declared: readonly CapabilityName[] }, bridge: HostBridge, options: SandboxOptions): PluginSandbox {
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryLimitMiB });
    try {
      const context = isolate.createContextSync();
      const factory = isolate
        .compileScriptSync(guestBootstrapSource, { filename: bootstrapFileName })
        .runSync(context, { reference: true }) as ivm.Reference<(...args: unknown[]) => unknown>;
      // Answers travel back as a string through \`deliver\`; a disposed isolate just drops them.
      const start = (request: number, op: string, callId: number, a: string | number, b: string, c: string): void => {
        const work = op === 'sleep' ? bridge.sleep(callId, Number(a)).then(() => '') : bridge.capability(callId, String(a), b, c);
        void work.then((reply) => deliverRef.apply(undefined, [request, reply]).catch(() => undefined));
      };
      const api = factory.applySync(
        undefined,
        [
          new ivm.Callback(bridge.log, { sync: true }),
          new ivm.Callback(start, { ignored: true }),
          JSON.stringify({ kind: plugin.kind, name: plugin.name, version: plugin.version }),
          JSON.stringify(plugin.declared),
        ],
        { result: { reference: true } },
      ) as ivm.Reference<Record<string, unknown>>;
      factory.release();
      isolate.compileScriptSync(plugin.code, { filename: bundleFileName }).runSync(context, { timeout: options.setupTimeoutMs });
      const bind = api.getSync('bind', { reference: true }) as ivm.Reference<() => string>;
      const methods = JSON.parse(bind.applySync(undefined, [], { timeout: options.setupTimeoutMs })) as string[];
      bind.release();
      const callRef = api.getSync('call', { reference: true }) as ivm.Reference<(...args: unknown[]) => string>;
      const settleRef = api.getSync('settle', { reference: true }) as ivm.Reference<(callId: number) => Promise<string>>;
      // Assigned before any guest code can call `start` (the bundle has not run yet).
      const deliverRef = api.getSync('deliver', { reference: true }) as ivm.Reference<(request: number, reply: string) => void>;
      api.release();
      return new PluginSandbox(isolate, context, callRef, settleRef, methods);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  /** Why the host disposed it; unset while alive or when isolated-vm disposed it (memory limit). */
  disposedBy?: 'timeout' | 'eviction' | 'failure';

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Runs the method's synchronous part under the time limit; a reply tag says what came back. */
  call(method: string, argsJson: string, callId: number, deadline: number, granted: string, timeoutMs: number): string {
    return this.callRef.applySync(undefined, [method, argsJson, callId, deadline, granted], { timeout: timeoutMs });
  }

  /** The encoded outcome of a method that returned a promise. The caller enforces the deadline. */
  settle(callId: number): Promise<string> {
    return this.settleRef.apply(undefined, [callId], { result: { promise: true } }) as Promise<string>;
  }

  /** Used + external bytes of the isolate heap. */
  heapBytes(): { used: number; total: number; external: number } {
    const stats = this.isolate.getHeapStatisticsSync();
    return { used: stats.used_heap_size, total: stats.total_heap_size, external: stats.externally_allocated_size };
  }

  dispose(reason: 'timeout' | 'eviction' | 'failure'): void {
    if (this.isolate.isDisposed) return;
    this.disposedBy = reason;
    // Releasing the context first returns its memory even if a reference leaks somewhere.
    this.context.release();
    this.isolate.dispose();
  }
}
