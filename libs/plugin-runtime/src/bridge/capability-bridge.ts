import type { CapabilityName, LogLevel, PluginManifest } from '@appmanager/plugin-sdk';
import { capabilityKeys, capabilityMethods, type HostCapabilities } from './host-capabilities.js';
import { isUrlAllowed } from './http-allow-list.js';
import type { HostBridge } from '../sandbox/plugin-sandbox.js';

export type LogSink = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** What the bridge needs to know about one call while it runs. */
export interface ActiveCall {
  manifest: PluginManifest;
  /** Comma list of capabilities available to this call. */
  available: string;
  capabilities?: HostCapabilities;
  logSink?: LogSink;
  deadline: number;
}

const levels = new Set<string>(['debug', 'info', 'warn', 'error']);
/** One log line may not flood the host's logs. */
const maxLogMessage = 8_192;

/**
 * Host side of `ctx`: routes log lines and capability calls from a guest to the call
 * they belong to (by call id — a guest that keeps `ctx` past its call reaches nothing),
 * checks the grant again here (the guest-side check is a convenience, this is the
 * boundary), and answers with a JSON envelope the guest unpacks.
 */
export class CapabilityBridge implements HostBridge {
  readonly calls = new Map<number, ActiveCall>();

  log = (callId: number, level: string, message: string, fieldsJson: string): void => {
    const call = this.calls.get(callId);
    if (!call?.logSink || !levels.has(level)) return;
    const fields = fieldsJson === '' ? undefined : (JSON.parse(fieldsJson) as Record<string, unknown>);
    call.logSink(level as LogLevel, message.length > maxLogMessage ? `${message.slice(0, maxLogMessage)}…` : message, fields);
  };

  sleep = (callId: number, ms: number): Promise<void> => {
    const call = this.calls.get(callId);
    const wait = call ? Math.max(0, Math.min(ms, call.deadline - Date.now())) : 0;
    return new Promise((resolve) => setTimeout(resolve, wait));
  };

  capability = async (callId: number, capability: string, method: string, argsJson: string): Promise<string> => {
    const call = this.calls.get(callId);
    if (!call) return JSON.stringify({ error: 'this ctx belongs to a call that has finished' });
    const name = capability as CapabilityName;
    if (!call.available.split(',').includes(name)) {
      return JSON.stringify({ denied: true, error: `capability '${capability}' is not available to this call` });
    }
    if (!capabilityMethods[name].includes(method)) return JSON.stringify({ error: `${capability} has no method '${method}'` });
    const args = JSON.parse(argsJson) as unknown[];
    if (name === 'http' && !isUrlAllowed(String(args[0]), call.manifest.http?.allow ?? [])) {
      return JSON.stringify({ denied: true, error: `capability 'http' does not allow ${String(args[0])}: not in the manifest's http.allow` });
    }
    const impl = call.capabilities?.[capabilityKeys[name]] as unknown as Record<string, (...a: unknown[]) => unknown>;
    try {
      const value = await impl[method]!(...args);
      return JSON.stringify(value === undefined ? {} : { value });
    } catch (error) {
      const denied = (error as { code?: unknown } | null)?.code === 'capability_denied';
      return JSON.stringify({ denied, error: `${capability}.${method} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
}
