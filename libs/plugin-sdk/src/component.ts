import type { PluginContext } from './context.js';
import type { Awaitable, JsonObject } from './json.js';
import type { DeliveryTarget } from './target.js';

/** The component package being built: the files of the source, text or base64. */
export interface BuildSource<P extends object = JsonObject> {
  component: string;
  version: string;
  properties: P;
  files: Record<string, PackageFile>;
}

/** A file of a component package: text, or `{ base64 }` for binary content. */
export type PackageFile = string | { base64: string };

export interface BuildResult {
  files: Record<string, PackageFile>;
  /** Facts recorded with the package (image digest, checksums …). */
  meta?: JsonObject;
}

export interface ComponentRequest<P extends object = JsonObject> {
  app: string;
  component: string;
  target: DeliveryTarget;
  /** The rendered properties (pre-traits already applied, inputs resolved). */
  properties: P;
  /** Object-storage key of the component package, when the type has a `build`. */
  packageKey?: string;
}

/**
 * `launch` must be idempotent for a given node-order id + attempt: a retried job with the
 * same pair must not start a second copy.
 */
export interface LaunchRequest<P extends object = JsonObject> extends ComponentRequest<P> {
  nodeOrderId: string;
  attempt: number;
}

/** What `launch` returned; handed back to `get`, `health` and `destroy`. */
export type ComponentAttrs = JsonObject;

export interface InstanceRequest<P extends object = JsonObject> extends ComponentRequest<P> {
  attrs: ComponentAttrs;
}

export type ComponentPhase = 'pending' | 'progressing' | 'ready' | 'failed';

export interface ComponentStatus {
  phase: ComponentPhase;
  /** Shown to the operator on a failed node: say what went wrong, not just "failed". */
  message?: string;
  outputs?: JsonObject;
}

export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export interface HealthReport {
  health: HealthState;
  message?: string;
}

/** Something the status watcher follows for one component instance. */
export type WatchSubject =
  | { type: 'kubernetes'; apiVersion: string; kind: string; namespace?: string; name?: string; labelSelector?: string }
  | { type: 'process'; key: string };

/** One event from a watched subject: a Kubernetes object or a local process state. */
export interface WatchEvent {
  subject: WatchSubject;
  event: 'added' | 'modified' | 'deleted' | 'exited' | 'started';
  object: JsonObject;
  attrs: ComponentAttrs;
}

export interface ComponentWatch<P extends object = JsonObject> {
  /** What to watch for one instance. */
  subjects(ctx: PluginContext, req: InstanceRequest<P>): Awaitable<WatchSubject[]>;
  /** Turn one event into health; `null` when the event says nothing new. */
  toHealth(ctx: PluginContext, event: WatchEvent): Awaitable<HealthReport | null>;
}

export interface ComponentPlugin<P extends object = JsonObject> {
  build?(ctx: PluginContext, source: BuildSource<P>): Awaitable<BuildResult>;
  /** Start the component and return fast; `get` is polled afterwards. */
  launch(ctx: PluginContext, req: LaunchRequest<P>): Awaitable<ComponentAttrs>;
  get(ctx: PluginContext, req: InstanceRequest<P>): Awaitable<ComponentStatus>;
  destroy(ctx: PluginContext, req: InstanceRequest<P>): Awaitable<void>;
  health?(ctx: PluginContext, req: InstanceRequest<P>): Awaitable<HealthReport>;
  watch?: ComponentWatch<P>;
}

/** Identity helper: gives a component plugin its types (`export default defineComponent({...})`). */
export function defineComponent<P extends object = JsonObject>(plugin: ComponentPlugin<P>): ComponentPlugin<P> {
  return plugin;
}
