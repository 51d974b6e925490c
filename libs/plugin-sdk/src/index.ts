/**
 * @appmanager/plugin-sdk — what plugin authors import. Types for the five plugin kinds,
 * the `ctx` every method receives, the manifest shape, and identity `define*` helpers
 * that give a plugin object its types:
 *
 *   import { defineComponent } from '@appmanager/plugin-sdk';
 *   export default defineComponent({ launch(ctx, req) { ... }, get() { ... }, destroy() { ... } });
 *
 * Inside the sandbox the helpers are replaced by an inline shim (plugin-runtime), so
 * this package must stay free of runtime dependencies.
 */
export type { JsonPrimitive, JsonValue, JsonObject, JsonArray, Awaitable } from './json.js';
export { pluginKinds, capabilityNames } from './manifest.js';
export type { PluginKind, CapabilityName, PluginRef, PluginManifest } from './manifest.js';
export type {
  LogLevel,
  LogFields,
  PluginLogger,
  HttpRequestInit,
  HttpResponse,
  HttpCapability,
  ProcessStartRequest,
  ProcessReadiness,
  ProcessState,
  ProcessStatus,
  ProcessesCapability,
  ArtifactsCapability,
  KubernetesObjectRef,
  KubernetesCapability,
  PluginContext,
  Outputs,
} from './context.js';
export type { DeliveryTarget } from './target.js';
export { defineComponent } from './component.js';
export type {
  BuildSource,
  PackageFile,
  BuildResult,
  ComponentRequest,
  LaunchRequest,
  ComponentAttrs,
  InstanceRequest,
  ComponentPhase,
  ComponentStatus,
  HealthState,
  HealthReport,
  WatchSubject,
  WatchEvent,
  ComponentWatch,
  ComponentPlugin,
} from './component.js';
export { defineTrait } from './trait.js';
export type { PreTraitRequest, PostTraitRequest, TraitRequest, TraitResult, TraitEvent, TraitPlugin } from './trait.js';
export { definePolicy } from './policy.js';
export type { ApplicationComponent, ApplicationSpec, ApplicationDocument, PolicyPlugin } from './policy.js';
export { defineWorkflowStep } from './workflow-step.js';
export type { WorkflowStepRequest, WorkflowStepResult, WorkflowStepPlugin } from './workflow-step.js';
export { defineAddon } from './addon.js';
export type { AddonSpec, AddonApplyResult, AddonInstance, AddonPlugin } from './addon.js';
