import type { PluginContext } from './context.js';
import type { Awaitable, JsonObject, JsonValue } from './json.js';

/** One component of the application; keys a policy does not know are passed through. */
export interface ApplicationComponent {
  name: string;
  type: string;
  properties?: JsonObject;
  [key: string]: JsonValue | undefined;
}

export interface ApplicationSpec {
  components: ApplicationComponent[];
  [key: string]: JsonValue | ApplicationComponent[] | undefined;
}

/** The OAM Application as a policy sees it: the parts a rewrite touches, the rest passed through. */
export interface ApplicationDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: JsonValue };
  spec: ApplicationSpec;
  [key: string]: JsonValue | ApplicationSpec;
}

export interface PolicyPlugin<P extends object = JsonObject> {
  /** A pure rewrite of the application for one target; return the new document. */
  apply(ctx: PluginContext, app: ApplicationDocument, properties: P): Awaitable<ApplicationDocument>;
}

/** Identity helper: gives a policy plugin its types. */
export function definePolicy<P extends object = JsonObject>(plugin: PolicyPlugin<P>): PolicyPlugin<P> {
  return plugin;
}
