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

/**
 * When a supervised process counts as ready: an HTTP GET on 127.0.0.1:<port><path>
 * answering 2xx/3xx, a TCP connect to its port, or (jobs) exiting with this code.
 */
export type ProcessReadiness = { httpGet: { path: string } } | { tcp: Record<string, never> } | { exitCode: number };

export interface ProcessStartRequest {
  /** Stable key of the process inside the app instance (e.g. the component name); the host scopes it. */
  key: string;
  command: string[];
  /** Under the host's work root; absent: a directory of its own. */
  cwd?: string;
  env?: Record<string, string>;
  /** A fixed port, or `'auto'` (or 0) for a free one; the process receives it as PORT. */
  port?: number | 'auto';
  readiness?: ProcessReadiness;
  /**
   * Same key + same idempotencyKey → the same process, never a second one; a new
   * idempotencyKey replaces a running process. Absent: derived from the request, so an
   * identical request is a no-op.
   */
  idempotencyKey?: string;
}

export type ProcessState = 'starting' | 'running' | 'ready' | 'exited' | 'failed' | 'stopped';

export interface ProcessStatus {
  running: boolean;
  exitCode?: number;
  pid?: number;
  port?: number;
  /** Set by hosts that supervise readiness (the `local` cluster's supervisor does). */
  state?: ProcessState;
  ready?: boolean;
  /** Why it is not ready, or how it ended. */
  message?: string;
  /** The signal that ended it (`SIGKILL`). */
  signal?: string;
  restarts?: number;
}

/** `local-processes` capability: supervised processes on the host of a `local` cluster. */
export interface ProcessesCapability {
  start(request: ProcessStartRequest): Promise<{ pid: number; port?: number }>;
  /** Fails with `not_found` for a key that was never started. */
  status(key: string): Promise<ProcessStatus>;
  /** TERM, then KILL after a grace period; stopping an unknown or ended key is a no-op. */
  stop(key: string): Promise<void>;
  /** The last lines the process wrote to stdout/stderr. */
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
