import { z } from 'zod';

const ms = z.coerce.number().int().min(0);

/** The supervisor's own settings, validated once at boot (see docs/adr/0004-process-supervisor.md). */
export const supervisorEnvSchema = z.object({
  /** State (one JSON file per key), log files and exit-code files. */
  PROCESS_DATA_DIR: z.string().min(1).default('.data/processes'),
  /** Every process runs under this directory; a `cwd` outside it is refused. */
  PROCESS_WORK_ROOT: z.string().min(1).default('.data/work'),
  /** How long `stop` waits after TERM before it sends KILL. */
  PROCESS_STOP_GRACE_MS: ms.max(120_000).default(5_000),
  /** A log file larger than this is rotated (one previous file is kept). */
  PROCESS_LOG_MAX_BYTES: z.coerce.number().int().min(1_024).default(5 * 1024 * 1024),
  /** How often a readiness probe runs until the process is ready (after that: every PROCESS_PROBE_READY_INTERVAL_MS). */
  PROCESS_PROBE_INTERVAL_MS: ms.min(50).default(500),
  PROCESS_PROBE_READY_INTERVAL_MS: ms.min(100).default(5_000),
  /** How often processes without a child handle (re-adopted after a restart) are checked for life. */
  PROCESS_LIVENESS_INTERVAL_MS: ms.min(50).default(1_000),
});

export type SupervisorConfig = z.output<typeof supervisorEnvSchema>;
