import { z } from 'zod';
import { loadConfig } from '@appmanager/config';
import { defaultPullTiers, parseDuration, parsePullTiers, type PullTier } from '../schedule/pull-tiers.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text, 'duration');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** Tunables of the status watcher, from the environment, validated at boot. */
export const statusWatchEnvSchema = z.object({
  /** Adaptive pull bands (see pull-tiers.ts). */
  STATUS_PULL_TIERS: z.string().default(defaultPullTiers),
  /** Multiplies every band interval (benchmarks and tests compress time with e.g. 0.01). */
  STATUS_TIME_SCALE: z.coerce.number().positive().max(1_000).default(1),
  /** Failed and expired instances are checked this often. */
  STATUS_FAILED_RECHECK: duration('1h'),
  /** Unhealthy/unknown for this long → expired. */
  STATUS_EXPIRE_AFTER: duration('24h'),
  /** An app instance without components this long → deleted. */
  STATUS_EMPTY_APP_DELETED_AFTER: duration('30m'),
  /** How often app instances left without components are looked for (one indexed query). */
  STATUS_EMPTY_APP_SWEEP_INTERVAL: duration('1m'),
  /** A claimed check not completed within this is handed to another replica (a replica died). */
  STATUS_LEASE: duration('20s'),
  /** Time limit of one `health` call. */
  STATUS_CHECK_TIMEOUT: duration('5s'),
  /** Checks one replica runs at once, and the most it claims per round. */
  STATUS_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(128),
  STATUS_CLAIM_BATCH: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Pull rounds start at most this often unless a full batch is waiting (batches checks; a check may run this much after its due time). */
  STATUS_IDLE_POLL: duration('200ms'),
  /** How often the Redis schedule is compared with MySQL (and rebuilt if Redis lost it). */
  STATUS_RECONCILE_INTERVAL: duration('30s'),
  /** A burst of component changes of one app within this window gives one app update… */
  STATUS_APP_DEBOUNCE: duration('30ms'),
  /** …but an app that keeps changing is still updated at least this often. */
  STATUS_APP_MAX_WAIT: duration('250ms'),
  /** Clusters one replica follows by watch; beyond this they are pulled. */
  STATUS_WATCH_CLUSTER_LIMIT: z.coerce.number().int().min(0).default(300),
  /** How often a watch stream's liveness is probed. */
  STATUS_WATCH_PROBE_INTERVAL: duration('5s'),
});

export interface StatusWatchSettings {
  tiers: PullTier[];
  failedRecheckMs: number;
  expireAfterMs: number;
  emptyAppDeletedAfterMs: number;
  emptyAppSweepIntervalMs: number;
  leaseMs: number;
  checkTimeoutMs: number;
  checkConcurrency: number;
  claimBatch: number;
  idlePollMs: number;
  reconcileIntervalMs: number;
  appDebounceMs: number;
  appMaxWaitMs: number;
  watchClusterLimit: number;
  watchProbeIntervalMs: number;
}

export function loadStatusWatchSettings(env: NodeJS.ProcessEnv = process.env): StatusWatchSettings {
  const s = loadConfig(statusWatchEnvSchema, env);
  return {
    tiers: parsePullTiers(s.STATUS_PULL_TIERS, s.STATUS_TIME_SCALE),
    failedRecheckMs: Math.round(s.STATUS_FAILED_RECHECK * s.STATUS_TIME_SCALE),
    expireAfterMs: s.STATUS_EXPIRE_AFTER,
    emptyAppDeletedAfterMs: s.STATUS_EMPTY_APP_DELETED_AFTER,
    emptyAppSweepIntervalMs: s.STATUS_EMPTY_APP_SWEEP_INTERVAL,
    leaseMs: s.STATUS_LEASE,
    checkTimeoutMs: s.STATUS_CHECK_TIMEOUT,
    checkConcurrency: s.STATUS_CHECK_CONCURRENCY,
    claimBatch: s.STATUS_CLAIM_BATCH,
    idlePollMs: s.STATUS_IDLE_POLL,
    reconcileIntervalMs: s.STATUS_RECONCILE_INTERVAL,
    appDebounceMs: s.STATUS_APP_DEBOUNCE,
    appMaxWaitMs: s.STATUS_APP_MAX_WAIT,
    watchClusterLimit: s.STATUS_WATCH_CLUSTER_LIMIT,
    watchProbeIntervalMs: s.STATUS_WATCH_PROBE_INTERVAL,
  };
}
