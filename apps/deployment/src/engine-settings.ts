import { z } from 'zod';

/** Tunables of the DAG engine, from the environment, validated once. */
const settingsSchema = z.object({
  /** Node jobs one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(32),
  /** BullMQ lock: a job whose worker stops renewing it for this long is handed to another worker. */
  DEPLOY_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often the reconciler rebuilds lost jobs from MySQL. */
  DEPLOY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
  /** A node still `launching` this long after its claim has lost its worker (longer than any launch call). */
  DEPLOY_LAUNCH_GRACE_MS: z.coerce.number().int().min(100).default(60_000),
  /** Longest gap between two polls of a component's `get`. */
  DEPLOY_POLL_MAX_MS: z.coerce.number().int().min(50).default(5_000),
  /** Time limit of one plugin call (launch, get, execute, destroy). */
  PLUGIN_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Default node timeout when a component does not set `timeoutSeconds`. */
  DEPLOY_NODE_TIMEOUT_S: z.coerce.number().int().min(1).default(600),
  /**
   * Claim calls (and, separately, success calls) one process keeps in flight to MySQL;
   * what its jobs ask for meanwhile waits and goes in the next call as one batch.
   */
  DEPLOY_DB_CALLS_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(4),
});

export interface EngineSettings {
  workerConcurrency: number;
  jobLockMs: number;
  reconcileIntervalMs: number;
  launchGraceMs: number;
  pollMaxMs: number;
  pluginCallTimeoutMs: number;
  nodeTimeoutSeconds: number;
  dbCallsInFlight: number;
}

let cached: EngineSettings | undefined;

export function engineSettings(env: NodeJS.ProcessEnv = process.env): EngineSettings {
  if (cached && env === process.env) return cached;
  const s = settingsSchema.parse(env);
  const settings = {
    workerConcurrency: s.WORKER_CONCURRENCY,
    jobLockMs: s.DEPLOY_JOB_LOCK_MS,
    reconcileIntervalMs: s.DEPLOY_RECONCILE_INTERVAL_MS,
    launchGraceMs: s.DEPLOY_LAUNCH_GRACE_MS,
    pollMaxMs: s.DEPLOY_POLL_MAX_MS,
    pluginCallTimeoutMs: s.PLUGIN_CALL_TIMEOUT_MS,
    nodeTimeoutSeconds: s.DEPLOY_NODE_TIMEOUT_S,
    dbCallsInFlight: s.DEPLOY_DB_CALLS_IN_FLIGHT,
  };
  if (env === process.env) cached = settings;
  return settings;
}
