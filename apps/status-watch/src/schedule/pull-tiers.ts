import { DomainError } from '@appmanager/contracts';

/** One band of the adaptive pull: check every `intervalMs` while fewer than `untilChecks` checks were made. */
export interface PullTier {
  intervalMs: number;
  /** Exclusive upper bound on the check count; Infinity for the last band. */
  untilChecks: number;
}

export const defaultPullTiers = '5s*60,10s*120,30s*180,1m*240,2m*300,3m*360,4m*420,5m';

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, path: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new DomainError('validation_failed', `${path}: '${text}' is not a duration like 500ms, 5s, 2m or 1h`, [{ path, message: 'expected a duration like 5s' }]);
  return Math.round(Number(match[1]) * units[match[2]!]!);
}

/**
 * Parses `5s*60,10s*120,…,5m`: each band is `<interval>*<until checks>`, the last band has
 * no bound. Bounds must grow; a malformed list names the band at fault.
 */
export function parsePullTiers(text: string, scale = 1): PullTier[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const tiers: PullTier[] = [];
  parts.forEach((part, index) => {
    const path = `STATUS_PULL_TIERS[${index}]`;
    const [interval, until, ...rest] = part.split('*');
    const last = index === parts.length - 1;
    if (rest.length > 0 || (!last && until === undefined) || (last && until !== undefined)) {
      throw new DomainError('validation_failed', `${path}: '${part}' must be <interval>*<until checks>${last ? ' (the last band has no bound: just <interval>)' : ''}`, [
        { path, message: 'malformed band' },
      ]);
    }
    const untilChecks = until === undefined ? Infinity : Number(until);
    if (!Number.isInteger(untilChecks) && untilChecks !== Infinity) throw new DomainError('validation_failed', `${path}: '${until}' is not a whole number`, [{ path, message: 'not a whole number' }]);
    const previous = tiers.at(-1);
    if (previous && untilChecks <= previous.untilChecks) throw new DomainError('validation_failed', `${path}: bounds must grow (${untilChecks} after ${previous.untilChecks})`, [{ path, message: 'bounds must grow' }]);
    tiers.push({ intervalMs: Math.max(1, Math.round(parseDuration(interval!, path) * scale)), untilChecks });
  });
  if (tiers.length === 0) throw new DomainError('validation_failed', 'STATUS_PULL_TIERS is empty', [{ path: 'STATUS_PULL_TIERS', message: 'at least one band' }]);
  return tiers;
}

/** The interval after `checks` checks. */
export function tierInterval(tiers: readonly PullTier[], checks: number): number {
  for (const tier of tiers) if (checks < tier.untilChecks) return tier.intervalMs;
  return tiers.at(-1)!.intervalMs;
}
