import type { HealthProbe, InstanceWatchEvent, ProbedInstance } from '../health/health-probe.js';
import type { HealthReport } from '../health/health-states.js';
import { launchAttrsOf } from '../health/launch-attrs.js';

/**
 * A component plugin whose answers a test or benchmark sets: health per component name
 * (default healthy), components whose check throws or hangs, and a process watch that
 * maps `exited` to unhealthy and `started` to healthy, like the built-in process plugin.
 * It stands in for the sandboxed plugin only; everything around it is the real service.
 */
export class ScriptedProbe implements HealthProbe {
  readonly health_ = new Map<string, HealthReport>();
  readonly throws = new Set<string>();
  readonly hangs = new Set<string>();
  readonly destroyed: string[] = [];
  readonly unknownPlugins = new Set<string>();
  /** The attrs the last `health`/`destroy` of each component was given (as the real probe computes them). */
  readonly attrsSeen = new Map<string, unknown>();
  calls = 0;
  defaultHealth: HealthReport = { health: 'healthy', message: 'ok' };

  async health(instance: ProbedInstance, timeoutMs: number): Promise<HealthReport> {
    this.calls++;
    this.attrsSeen.set(instance.component, launchAttrsOf(instance));
    if (this.throws.has(instance.component)) throw new Error(`health script of ${instance.component} threw: connection refused`);
    if (this.hangs.has(instance.component)) {
      await new Promise((resolve) => setTimeout(resolve, timeoutMs + 60_000).unref());
      throw new Error('unreachable');
    }
    return this.health_.get(instance.component) ?? this.defaultHealth;
  }

  async watchHealth(_instance: ProbedInstance, event: InstanceWatchEvent): Promise<HealthReport | null> {
    if (event.event === 'exited') return { health: 'unhealthy', message: typeof event.object['message'] === 'string' ? event.object['message'] : 'exited' };
    if (event.event === 'started') return { health: 'healthy', message: 'ready' };
    return null;
  }

  async destroy(instance: ProbedInstance): Promise<void> {
    this.destroyed.push(instance.component);
    this.attrsSeen.set(instance.component, launchAttrsOf(instance));
  }

  async describe(plugin: { name: string; version: string }): Promise<{ known: boolean; watch: boolean }> {
    return { known: !this.unknownPlugins.has(plugin.name), watch: plugin.name === 'process' };
  }
}
