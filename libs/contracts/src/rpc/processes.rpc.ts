import { z } from 'zod';
import { defineRpc } from './define-rpc.js';
import { defineEvent } from '../events/event-envelope.js';

/**
 * The process supervisor of the built-in `local` cluster: one long-lived process per
 * host that starts, probes, stops and re-adopts the processes components run as. The
 * deployment worker reaches it through the `local-processes` plugin capability.
 */
export const processSupervisorService = 'process-supervisor';

const keySegment = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,63}$/;

/** `app/cluster/namespace/stage/component`: slash-separated segments of letters, digits, `.`, `_`, `-`. */
export const processKey = z
  .string()
  .min(1)
  .max(253)
  .refine((key) => key.split('/').every((segment) => keySegment.test(segment)), {
    message: 'a process key is segments of letters, digits, ".", "_", "-" (not "." or "..") separated by "/"',
  });

/** Prefix a plugin's own key with the app instance so a plugin never reaches another app's processes. */
export function scopedProcessKey(scope: { app: string; cluster: string; namespace: string; stage: string }, key: string): string {
  return [scope.app, scope.cluster, scope.namespace, scope.stage, key].join('/');
}

/**
 * When a process counts as ready: an HTTP GET on 127.0.0.1:<port><path> answering 2xx/3xx,
 * a TCP connect to the port, or — for jobs — exiting with the given code.
 */
export const processReadiness = z.union([
  z.object({ httpGet: z.object({ path: z.string().startsWith('/').default('/') }) }).strict(),
  z.object({ tcp: z.object({}).strict() }).strict(),
  z.object({ exitCode: z.number().int().min(0).max(255) }).strict(),
]);
export type ProcessReadiness = z.output<typeof processReadiness>;

/**
 * starting: alive, readiness not reached yet · ready: alive and ready (at once when no probe;
 * for jobs: exited with the expected code) · running: alive but its probe fails after it
 * was ready · exited: ended with code 0 (or the expected code) · failed: ended otherwise,
 * or could not start · stopped: stopped on request.
 */
export const processStates = ['starting', 'running', 'ready', 'exited', 'failed', 'stopped'] as const;
export type ProcessState = (typeof processStates)[number];

export const startProcessRequest = z.object({
  key: processKey,
  /** argv; the first word is looked up on PATH. */
  command: z.array(z.string()).min(1).refine((argv) => argv[0]!.length > 0, { message: 'the command must not start with an empty word' }),
  /** Under the supervisor's work root (relative paths resolve against it); absent: a per-key directory there. */
  cwd: z.string().min(1).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
  /** A fixed port, or `auto` for a free one; either way the process gets it as PORT. */
  port: z.union([z.number().int().min(1).max(65535), z.literal('auto')]).optional(),
  readiness: processReadiness.optional(),
  /** Same key + same idempotencyKey → the same process; a new one replaces a running process. */
  idempotencyKey: z.string().min(1).max(200),
});
export type StartProcessRequest = z.input<typeof startProcessRequest>;

export const startProcessResponse = z.object({
  pid: z.number().int(),
  port: z.number().int().optional(),
  /** false when the call matched the process already started with this idempotencyKey. */
  started: z.boolean(),
});

export const processStatusDto = z.object({
  key: z.string(),
  state: z.enum(processStates),
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  /** The signal that ended the process (`SIGKILL`), when one did. */
  signal: z.string().nullable(),
  ready: z.boolean(),
  /** One sentence for the operator: why it is not ready, how it ended. */
  message: z.string(),
  /** How many times this key was started again with a new idempotencyKey. */
  restarts: z.number().int(),
  command: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ProcessStatusDto = z.output<typeof processStatusDto>;

export const startProcessRpc = defineRpc(processSupervisorService, 'start', startProcessRequest, startProcessResponse);
export const processStatusRpc = defineRpc(processSupervisorService, 'status', z.object({ key: processKey }), processStatusDto);
export const stopProcessRpc = defineRpc(
  processSupervisorService,
  'stop',
  z.object({ key: processKey, graceMs: z.number().int().min(0).max(120_000).optional() }),
  /** Stopping a key that never ran, or already ended, is not an error: `stopped` says whether a signal was sent. */
  z.object({ stopped: z.boolean(), state: z.enum(processStates).nullable() }),
);
export const processLogsRpc = defineRpc(
  processSupervisorService,
  'logs',
  z.object({ key: processKey, tail: z.number().int().min(1).max(1_000).default(100) }),
  z.object({ lines: z.array(z.string()) }),
);
export const listProcessesRpc = defineRpc(
  processSupervisorService,
  'list',
  z.object({ prefix: z.string().optional() }),
  z.object({ items: z.array(processStatusDto) }),
);

const processEventData = z.object({
  key: z.string(),
  pid: z.number().int(),
  port: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  state: z.enum(processStates),
  message: z.string(),
});

/** A process passed its readiness (jobs: exited with the expected code). */
export const processReadyEvent = defineEvent('process.ready.v1', processEventData);
/** A process ended: on its own, killed, or found dead after a supervisor restart. */
export const processExitedEvent = defineEvent('process.exited.v1', processEventData);
