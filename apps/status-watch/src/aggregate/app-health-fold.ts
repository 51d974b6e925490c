import type { InstanceHealth } from '@appmanager/contracts';

export interface FoldedAppHealth {
  health: InstanceHealth;
  message: string | null;
  componentCount: number;
}

/** Worst first: the first state present among the components wins (expired only when all are). */
const precedence: InstanceHealth[] = ['failed', 'unhealthy', 'degraded', 'progressing', 'unknown', 'healthy'];

/**
 * App health from its components' health counts: any failed → failed; unhealthy,
 * degraded, progressing (and unknown) outrank healthy; all expired → expired (a mix
 * counts expired ones as unhealthy); no components for `deletedAfterMs` → deleted.
 */
export function foldAppHealth(counts: ReadonlyMap<string, number>, emptySince: Date | null, now: Date, deletedAfterMs: number): FoldedAppHealth {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) {
    const since = emptySince ?? now;
    if (now.getTime() - since.getTime() >= deletedAfterMs) return { health: 'deleted', message: `no component instances since ${since.toISOString()}`, componentCount: 0 };
    return { health: 'unknown', message: 'no component instances', componentCount: 0 };
  }
  const expired = counts.get('expired') ?? 0;
  if (expired === total) return { health: 'expired', message: `all ${total} components expired`, componentCount: total };
  const effective = new Map(counts);
  if (expired > 0) effective.set('unhealthy', (effective.get('unhealthy') ?? 0) + expired);
  effective.delete('expired');
  const health = precedence.find((state) => (effective.get(state) ?? 0) > 0) ?? 'unknown';
  const parts = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => rank(a) - rank(b)).map(([state, n]) => `${n} ${state}`);
  return { health, message: `${parts.join(', ')} of ${total} component${total === 1 ? '' : 's'}`, componentCount: total };
}

const rank = (state: string): number => {
  const index = precedence.indexOf(state as InstanceHealth);
  return index === -1 ? precedence.length : index;
};
