import type { InstanceHealth } from '@appmanager/contracts';
import { dormantStates } from '../health/health-states.js';
import { tierInterval, type PullTier } from './pull-tiers.js';

/**
 * When to check an instance next: failed/expired hourly; instances followed by a healthy
 * watch only as a safety net at the slowest band; the rest by their band.
 */
export function checkInterval(tiers: readonly PullTier[], failedRecheckMs: number, health: string, checks: number, watched: boolean): number {
  if (dormantStates.has(health as InstanceHealth)) return failedRecheckMs;
  if (watched) return tiers.at(-1)!.intervalMs;
  return tierInterval(tiers, checks);
}
