import type { PluginContext } from './context.js';
import type { Awaitable, JsonObject } from './json.js';
import type { DeliveryTarget } from './target.js';

interface TraitRequestBase<P extends object> {
  app: string;
  component: string;
  /** The component's type, e.g. `webservice`. */
  componentType: string;
  target: DeliveryTarget;
  /** This trait's own properties. */
  properties: P;
}

/** A pre-trait sees the component's rendered properties and returns a patch of them. */
export interface PreTraitRequest<P extends object = JsonObject> extends TraitRequestBase<P> {
  stage: 'pre';
  componentProperties: JsonObject;
}

/** A post-trait runs once the component is ready and sees its attrs and outputs. */
export interface PostTraitRequest<P extends object = JsonObject> extends TraitRequestBase<P> {
  stage: 'post';
  componentProperties: JsonObject;
  componentAttrs: JsonObject;
  componentOutputs: JsonObject;
}

export type TraitRequest<P extends object = JsonObject> = PreTraitRequest<P> | PostTraitRequest<P>;

export interface TraitResult {
  /** Pre-traits: merged into the component's rendered properties (JSON merge patch). */
  patch?: JsonObject;
  /** Post-traits: outputs other nodes may read. */
  outputs?: JsonObject;
}

/** An event a reconciling trait keeps reacting to after deployment. */
export interface TraitEvent<P extends object = JsonObject> {
  app: string;
  component: string;
  target: DeliveryTarget;
  properties: P;
  type: string;
  object: JsonObject;
}

export interface TraitPlugin<P extends object = JsonObject> {
  execute(ctx: PluginContext, req: TraitRequest<P>): Awaitable<TraitResult | void>;
  reconcile?(ctx: PluginContext, event: TraitEvent<P>): Awaitable<TraitResult | void>;
}

/** Identity helper: gives a trait plugin its types. */
export function defineTrait<P extends object = JsonObject>(plugin: TraitPlugin<P>): TraitPlugin<P> {
  return plugin;
}
