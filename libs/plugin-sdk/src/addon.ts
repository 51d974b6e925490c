import type { PluginContext } from './context.js';
import type { Awaitable, JsonObject } from './json.js';
import type { DeliveryTarget } from './target.js';

/** A shared resource requested by name inside a namespace (a database, a cache, a bucket). */
export interface AddonSpec<P extends object = JsonObject> {
  name: string;
  target: Omit<DeliveryTarget, 'stage'>;
  properties: P;
}

export interface AddonApplyResult {
  /** Connection facts apps read (host, port, secret names …). */
  outputs: JsonObject;
  /** Changes when the applied resource changes; equal signatures mean nothing to do. */
  signature: string;
}

export interface AddonInstance<P extends object = JsonObject> extends AddonSpec<P>, AddonApplyResult {}

export interface AddonPlugin<P extends object = JsonObject> {
  /** Create or update the resource; idempotent for the same spec. */
  apply(ctx: PluginContext, spec: AddonSpec<P>): Awaitable<AddonApplyResult>;
  release(ctx: PluginContext, instance: AddonInstance<P>): Awaitable<void>;
}

/** Identity helper: gives an addon plugin its types. */
export function defineAddon<P extends object = JsonObject>(plugin: AddonPlugin<P>): AddonPlugin<P> {
  return plugin;
}
