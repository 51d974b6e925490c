import type { ProcessReadiness, ProcessState, ProcessStatusDto } from '@appmanager/contracts';

/**
 * What the supervisor remembers about one key, persisted as JSON so a restarted
 * supervisor can re-adopt the process. Environment VALUES are never persisted (they may
 * hold secrets); only the names, for the operator.
 */
export interface ProcessRecord {
  key: string;
  idempotencyKey: string;
  command: string[];
  cwd: string;
  envNames: string[];
  port: number | null;
  readiness: ProcessReadiness | null;
  pid: number | null;
  /** The exact argv the supervisor spawned; compared with /proc/<pid>/cmdline before re-adopting. */
  argv: string[];
  state: ProcessState;
  ready: boolean;
  exitCode: number | null;
  signal: string | null;
  message: string;
  restarts: number;
  startedAt: string;
  finishedAt: string | null;
}

const aliveStates: ReadonlySet<ProcessState> = new Set(['starting', 'running', 'ready']);

/** A record whose process should still be running (unless it died unnoticed). */
export const isAliveState = (state: ProcessState): boolean => aliveStates.has(state);

export function toStatusDto(record: ProcessRecord): ProcessStatusDto {
  return {
    key: record.key,
    state: record.state,
    pid: record.pid,
    port: record.port,
    exitCode: record.exitCode,
    signal: record.signal,
    ready: record.ready,
    message: record.message,
    restarts: record.restarts,
    command: record.command,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}

/** The expected exit code when the process is a job (readiness by exit code), else null. */
export const expectedExitCode = (record: Pick<ProcessRecord, 'readiness'>): number | null =>
  record.readiness && 'exitCode' in record.readiness ? record.readiness.exitCode : null;

/** How an ended process is judged: state, readiness and the sentence the operator reads. */
export function judgeExit(
  record: Pick<ProcessRecord, 'readiness' | 'command'>,
  exitCode: number | null,
  signal: string | null,
): { state: ProcessState; ready: boolean; message: string } {
  const how = describeEnd(record.command, exitCode, signal);
  const expected = expectedExitCode(record);
  if (expected !== null) {
    return exitCode === expected
      ? { state: 'exited', ready: true, message: `completed: ${how}` }
      : { state: 'failed', ready: false, message: `${how}; expected exit code ${expected}` };
  }
  return exitCode === 0 ? { state: 'exited', ready: false, message: how } : { state: 'failed', ready: false, message: how };
}

function describeEnd(command: string[], exitCode: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  if (exitCode === null) return 'ended while the supervisor was not watching; exit code unknown';
  // The shell wrapper reports these two for the first word of the command.
  if (exitCode === 127) return `exited with code 127: command not found: ${command[0]}`;
  if (exitCode === 126) return `exited with code 126: ${command[0]} is not executable`;
  return `exited with code ${exitCode}`;
}
