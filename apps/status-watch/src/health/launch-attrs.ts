import type { InstanceRequest } from '@appmanager/plugin-sdk';
import type { ProbedInstance } from './health-probe.js';

/**
 * The attrs a plugin call gets: launch's own, or the outputs for instances deployed
 * before `component.deployed` carried them (an empty object means "not carried": the
 * event defaults a missing field to `{}`).
 */
export function launchAttrsOf(instance: Pick<ProbedInstance, 'outputs' | 'launchAttrs'>): InstanceRequest['attrs'] {
  const attrs = Object.keys(instance.launchAttrs ?? {}).length > 0 ? instance.launchAttrs : instance.outputs;
  // JSON from our own column; the SDK's JsonObject is structurally the same.
  return attrs as InstanceRequest['attrs'];
}
