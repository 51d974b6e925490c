import type { ComponentInstanceEntity } from '@appmanager/persistence';
import type { HealthReport } from './health-states.js';

/** The facts of a component instance a plugin call needs. */
export type ProbedInstance = Pick<
  ComponentInstanceEntity,
  'id' | 'app' | 'cluster' | 'namespace' | 'stage' | 'component' | 'pluginName' | 'pluginVersion' | 'outputs' | 'launchAttrs'
>;

/** One event from a watch stream, in the plugin SDK's shape. */
export interface InstanceWatchEvent {
  subject: { type: 'process'; key: string } | { type: 'kubernetes'; apiVersion: string; kind: string; namespace?: string; name?: string };
  event: 'added' | 'modified' | 'deleted' | 'exited' | 'started';
  object: Record<string, unknown>;
}

/**
 * How the watcher talks to component plugins. The service runs them through the plugin
 * client (isolated-vm); benchmarks plug in a synthetic one. Errors are thrown as they
 * come: the caller turns them into `unknown` (or `failed` for a plugin that is gone).
 */
export interface HealthProbe {
  health(instance: ProbedInstance, timeoutMs: number): Promise<HealthReport>;
  /** The plugin's `watch.toHealth` for one event; null when the event says nothing new. */
  watchHealth(instance: ProbedInstance, event: InstanceWatchEvent, timeoutMs: number): Promise<HealthReport | null>;
  destroy(instance: ProbedInstance, timeoutMs: number): Promise<void>;
  /** Whether the registry knows this component plugin version, and whether it declares `watch`; throws when the registry cannot be asked. */
  describe(plugin: { name: string; version: string }): Promise<{ known: boolean; watch: boolean }>;
}
