/**
 * What the worker needs from a plugin host: call a method of an exact plugin version,
 * and read that version's manifest. Kept as our own interface so that switching to the
 * shared plugin client touches one file (runtime-plugin-host.ts).
 */
export interface NodePluginTarget {
  kind: 'component' | 'trait';
  name: string;
  version: string;
}

export interface NodePluginCallOptions {
  timeoutMs: number;
  /** The app instance the call works for: scopes capabilities such as local processes. */
  scope: { app: string; cluster: string; namespace: string; stage: string };
  /** Correlation for the plugin's own log lines. */
  log?: Record<string, unknown>;
}

export interface NodePluginHost {
  call<T>(target: NodePluginTarget, method: string, args: unknown[], options: NodePluginCallOptions): Promise<T>;
  manifest(target: NodePluginTarget): Promise<Record<string, unknown>>;
}

export const NODE_PLUGIN_HOST = Symbol('NODE_PLUGIN_HOST');

/** `process@1.0.0` (as recorded on the node row) → the call target. */
export function pluginTarget(kind: 'component' | 'trait', recorded: string | null): NodePluginTarget | undefined {
  if (!recorded) return undefined;
  const at = recorded.lastIndexOf('@');
  return at > 0 ? { kind, name: recorded.slice(0, at), version: recorded.slice(at + 1) } : undefined;
}
