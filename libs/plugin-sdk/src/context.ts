import type { JsonObject, JsonValue } from './json.js';
import type { CapabilityName, PluginRef } from './manifest.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = JsonObject;

export interface PluginLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `http` capability: only the hosts listed in the manifest's `http.allow` are reachable. */
export interface HttpCapability {
  fetch(url: string, init?: HttpRequestInit): Promise<HttpResponse>;
}

export interface ProcessStartRequest {
  /** Stable key of the process (e.g. app/component/stage); starting an existing key is a no-op. */
  key: string;
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Ask for a port; the host picks a free one when 0. */
  port?: number;
}

export interface ProcessStatus {
  running: boolean;
  exitCode?: number;
  pid?: number;
  port?: number;
}

/** `local-processes` capability: supervised processes on the host of a `local` cluster. */
export interface ProcessesCapability {
  start(request: ProcessStartRequest): Promise<{ pid: number; port?: number }>;
  status(key: string): Promise<ProcessStatus>;
  stop(key: string): Promise<void>;
  logs(key: string, options?: { tail?: number }): Promise<string[]>;
}

/** `artifacts` capability: object storage scoped by the host to this plugin's use. */
export interface ArtifactsCapability {
  /** Text, or base64 for binary content. */
  get(key: string): Promise<string>;
  put(key: string, data: string): Promise<void>;
}

export interface KubernetesObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** `kubernetes` capability: server-side apply against the target cluster. */
export interface KubernetesCapability {
  apply(manifest: JsonObject): Promise<JsonObject>;
  /** `null` when the object does not exist. */
  get(ref: KubernetesObjectRef): Promise<JsonObject | null>;
  delete(ref: KubernetesObjectRef): Promise<void>;
}

/**
 * What every plugin method receives first. A capability object is present only when the
 * manifest declares it AND the operator granted it for this call; touching one that is
 * not available throws a `capability_denied` error naming it, so test `ctx.capabilities`
 * first when a plugin can work without one.
 */
export interface PluginContext {
  log: PluginLogger;
  plugin: Readonly<PluginRef>;
  /** Epoch milliseconds after which the host stops this call. */
  deadline: number;
  /** The capabilities available to this call. */
  capabilities: readonly CapabilityName[];
  /** Waits without blocking; never past the deadline. */
  sleep(ms: number): Promise<void>;
  http?: HttpCapability;
  processes?: ProcessesCapability;
  artifacts?: ArtifactsCapability;
  kubernetes?: KubernetesCapability;
}

/** Outputs flow from a node to the nodes that depend on it (`${{ outputs.name }}`). */
export type Outputs = Record<string, JsonValue>;
