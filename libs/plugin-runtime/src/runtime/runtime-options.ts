import { DomainError } from '@appmanager/contracts';
import type { PluginManifest, PluginRef } from '@appmanager/plugin-sdk';
import type { LogSink } from '../bridge/capability-bridge.js';
import type { HostCapabilities } from '../bridge/host-capabilities.js';

/** A plugin version ready to run: its manifest and the output of `compilePlugin`. */
export interface LoadedPlugin {
  manifest: PluginManifest;
  code: string;
  sourceMap: string;
}

/** Fetches a plugin version the runtime has not cached yet (the registry's stored bundle). */
export type PluginLoader = (ref: PluginRef) => Promise<LoadedPlugin>;

export interface PluginRuntimeOptions {
  load?: PluginLoader;
  /** Per-call time limit unless a call says otherwise. Default 5000. */
  timeoutMs?: number;
  /** Per-isolate (= per plugin version) heap limit. Default 64, at least 8. */
  memoryLimitMiB?: number;
}

export interface CallOptions {
  /** Host implementations granted for this call; used only where the manifest declares them. */
  capabilities?: HostCapabilities;
  /** Receives the plugin's `ctx.log` lines as they happen. */
  logSink?: LogSink;
  timeoutMs?: number;
}

export const runtimeDefaults = { timeoutMs: 5_000, memoryLimitMiB: 64 } as const;

export function resolveRuntimeOptions(options: PluginRuntimeOptions): { timeoutMs: number; memoryLimitMiB: number } {
  const timeoutMs = options.timeoutMs ?? runtimeDefaults.timeoutMs;
  const memoryLimitMiB = options.memoryLimitMiB ?? runtimeDefaults.memoryLimitMiB;
  const errors = [];
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) errors.push({ path: 'timeoutMs', message: 'must be a positive number of milliseconds' });
  if (!Number.isInteger(memoryLimitMiB) || memoryLimitMiB < 8) errors.push({ path: 'memoryLimitMiB', message: 'must be an integer of at least 8' });
  if (errors.length > 0) throw new DomainError('bad_request', 'invalid plugin runtime options', errors);
  return { timeoutMs, memoryLimitMiB };
}

export const pluginKey = (ref: PluginRef): string => `${ref.kind}/${ref.name}@${ref.version}`;
