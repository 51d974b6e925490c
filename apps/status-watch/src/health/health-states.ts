import type { InstanceHealth } from '@appmanager/contracts';

/** A change INTO one of these sends the instance back to the fast pull tier. */
export const unstableStates: ReadonlySet<InstanceHealth> = new Set(['unhealthy', 'degraded', 'progressing', 'unknown']);

/** States rechecked only hourly: nothing is expected to move soon. */
export const dormantStates: ReadonlySet<InstanceHealth> = new Set(['failed', 'expired']);

/** What a plugin may report (anything else from a plugin is treated as unknown). */
export const pluginHealthStates: ReadonlySet<string> = new Set(['healthy', 'degraded', 'unhealthy', 'unknown']);

export interface HealthReport {
  health: InstanceHealth;
  message: string | null;
}

export interface ComponentHealthNow {
  health: InstanceHealth;
  checks: number;
  healthChangedAt: Date;
}

export interface NextComponentHealth {
  health: InstanceHealth;
  message: string | null;
  checks: number;
  changed: boolean;
}

/**
 * What a fresh report does to a component: a change into an unstable state restarts the
 * check count (fast tier); staying unhealthy/unknown past `expireAfterMs` becomes expired
 * (and stays expired until the plugin reports healthy or degraded again).
 */
export function nextComponentHealth(now: ComponentHealthNow, report: HealthReport, at: Date, expireAfterMs: number): NextComponentHealth {
  let health = report.health;
  const stuck = (health === 'unhealthy' || health === 'unknown') && (now.health === health || now.health === 'expired');
  if (stuck && (now.health === 'expired' || at.getTime() - now.healthChangedAt.getTime() >= expireAfterMs)) health = 'expired';
  const changed = health !== now.health;
  const checks = changed && unstableStates.has(health) ? 0 : now.checks + 1;
  const message = health === 'expired' && report.health !== 'expired' ? `expired: ${report.health} since ${now.healthChangedAt.toISOString()}${report.message ? ` (${report.message})` : ''}` : report.message;
  return { health, message, checks, changed };
}
