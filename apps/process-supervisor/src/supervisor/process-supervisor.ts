import { rm } from 'node:fs/promises';
import { DomainError, type ProcessStatusDto, type StartProcessRequest } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { SupervisorConfig } from '../supervisor-env.schema.js';
import { childEnvironment } from './child-env.policy.js';
import { pickFreePort } from './free-port.js';
import { KeyedLock } from './keyed-lock.js';
import { rotateIfLarger, tailLines } from './log-files.js';
import type { ProcessEventKind, ProcessEventSink } from './process-events.js';
import { ProcessFiles } from './process-files.js';
import { groupAlive, isSameProcess, signalGroup } from './process-liveness.js';
import { ProcessMonitor, type ProcessEntry } from './process-monitor.js';
import { isAliveState, judgeExit, toStatusDto, type ProcessRecord } from './process-record.js';
import { ProcessStateStore } from './process-state.store.js';
import { describeProbe } from './readiness-probe.js';
import { spawnDetached } from './spawn-detached.js';
import { resolveWorkDir } from './work-dir.policy.js';

type StartRequest = Omit<StartProcessRequest, 'readiness'> & { readiness?: ProcessRecord['readiness'] };

/**
 * Starts, watches, stops and re-adopts the processes of the `local` cluster. It never
 * kills a process because it is itself shutting down: processes live in their own
 * process groups and outlive the supervisor; a new supervisor re-adopts them from the
 * state files (see docs/adr/0004-process-supervisor.md).
 */
export class ProcessSupervisor {
  private readonly entries = new Map<string, ProcessEntry>();
  private readonly lock = new KeyedLock();
  private readonly files: ProcessFiles;
  private readonly store: ProcessStateStore;
  private readonly monitor: ProcessMonitor;
  private rotation?: NodeJS.Timeout;

  constructor(
    private readonly config: SupervisorConfig,
    private readonly events: ProcessEventSink,
    private readonly supervisorEnv: NodeJS.ProcessEnv = process.env,
  ) {
    this.files = new ProcessFiles(config.PROCESS_DATA_DIR);
    this.store = new ProcessStateStore(this.files);
    this.monitor = new ProcessMonitor(config, this.files, (entry, patch, event) => this.update(entry, patch, event));
  }

  /** Loads every state file; re-adopts processes that still run the same argv, records the end of the others. */
  async open(): Promise<{ adopted: number; endedMeanwhile: number }> {
    await this.store.init();
    let adopted = 0;
    let endedMeanwhile = 0;
    for (const record of await this.store.loadAll()) {
      const entry: ProcessEntry = { record, stopping: false, timers: new Set(), probeFailures: 0 };
      this.entries.set(record.key, entry);
      if (!isAliveState(record.state) || record.pid === null) continue;
      if (await isSameProcess(record.pid, record.argv)) {
        adopted += 1;
        this.monitor.watch(entry);
      } else {
        endedMeanwhile += 1;
        const exitCode = await this.monitor.readExitFile(record.key);
        entry.ended = { exitCode, signal: null };
        await this.update(entry, { ...judgeExit(record, exitCode, null), exitCode, finishedAt: new Date().toISOString() }, 'exited');
      }
    }
    this.rotation = setInterval(() => void this.rotateLogs(), 5_000);
    this.rotation.unref();
    rootLogger().info({ adopted, endedMeanwhile }, 'process supervisor loaded its state');
    return { adopted, endedMeanwhile };
  }

  /** Stops watching; every process keeps running for the next supervisor to re-adopt. */
  close(): void {
    clearInterval(this.rotation);
    this.monitor.close();
    for (const entry of this.entries.values()) this.monitor.unwatch(entry);
  }

  start(request: StartRequest): Promise<{ pid: number; port?: number; started: boolean }> {
    return this.lock.run(request.key, async () => {
      const existing = this.entries.get(request.key);
      if (existing && existing.record.idempotencyKey === request.idempotencyKey && existing.record.pid !== null) {
        return { pid: existing.record.pid, ...(existing.record.port === null ? {} : { port: existing.record.port }), started: false };
      }
      const readiness = request.readiness ?? null;
      if (readiness && !('exitCode' in readiness) && request.port === undefined) {
        throw new DomainError('validation_failed', `readiness ${'httpGet' in readiness ? 'httpGet' : 'tcp'} needs a port (a number or 'auto')`, [
          { path: 'port', message: 'required when readiness probes a port' },
        ]);
      }
      const cwd = resolveWorkDir(this.config.PROCESS_WORK_ROOT, request.key, request.cwd);
      if (existing && isAliveState(existing.record.state)) await this.terminate(existing, this.config.PROCESS_STOP_GRACE_MS, 'replaced by a new start');
      const port = request.port === 'auto' ? await pickFreePort() : (request.port ?? null);
      const logFile = this.files.log(request.key);
      await rotateIfLarger(logFile, this.config.PROCESS_LOG_MAX_BYTES);
      await rm(this.files.exitCode(request.key), { force: true });
      const spawned = spawnDetached({
        command: request.command,
        cwd,
        env: childEnvironment(this.supervisorEnv, request.env, port),
        logFile,
        exitFile: this.files.exitCode(request.key),
      });
      const waitsForProbe = readiness !== null;
      const record: ProcessRecord = {
        key: request.key,
        idempotencyKey: request.idempotencyKey,
        command: request.command,
        cwd,
        envNames: Object.keys(request.env ?? {}).sort(),
        port,
        readiness,
        pid: spawned.pid,
        argv: spawned.argv,
        state: waitsForProbe ? 'starting' : 'ready',
        ready: !waitsForProbe,
        exitCode: null,
        signal: null,
        message: waitsForProbe ? `waiting for ${describeProbe(readiness, port)}` : 'running (no readiness probe: ready once started)',
        restarts: existing ? existing.record.restarts + 1 : 0,
        startedAt: new Date().toISOString(),
        finishedAt: null,
      };
      const entry: ProcessEntry = { record, child: spawned.child, stopping: false, timers: new Set(), probeFailures: 0 };
      this.entries.set(request.key, entry);
      await this.store.save(record);
      this.monitor.watch(entry);
      if (!waitsForProbe) await this.events.publish('ready', record);
      rootLogger().info({ key: record.key, pid: record.pid, port }, 'process started');
      return { pid: spawned.pid, ...(port === null ? {} : { port }), started: true };
    });
  }

  status(key: string): ProcessStatusDto {
    return toStatusDto(this.entry(key).record);
  }

  list(prefix?: string): ProcessStatusDto[] {
    return [...this.entries.values()]
      .filter((e) => prefix === undefined || e.record.key.startsWith(prefix))
      .map((e) => toStatusDto(e.record))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async logs(key: string, tail: number): Promise<string[]> {
    this.entry(key);
    return tailLines(this.files.log(key), tail);
  }

  /** TERM to the whole group, KILL after the grace period. Unknown or ended keys: nothing to do. */
  stop(key: string, graceMs = this.config.PROCESS_STOP_GRACE_MS): Promise<{ stopped: boolean; state: ProcessRecord['state'] | null }> {
    return this.lock.run(key, async () => {
      const entry = this.entries.get(key);
      if (!entry) return { stopped: false, state: null };
      if (!isAliveState(entry.record.state)) return { stopped: false, state: entry.record.state };
      await this.terminate(entry, graceMs, 'stopped on request');
      return { stopped: true, state: entry.record.state };
    });
  }

  private async terminate(entry: ProcessEntry, graceMs: number, why: string): Promise<void> {
    const pid = entry.record.pid!;
    entry.stopping = true;
    this.monitor.unwatch(entry);
    // Never signal a recycled pid: only a group whose leader still runs our argv (or our own child).
    const ours = entry.child ? entry.child.exitCode === null && entry.child.signalCode === null : await isSameProcess(pid, entry.record.argv);
    let how = 'it had already ended';
    if (ours || (entry.child && groupAlive(pid))) {
      signalGroup(pid, 'SIGTERM');
      how = 'TERM';
      if (!(await waitUntil(() => !groupAlive(pid), graceMs))) {
        signalGroup(pid, 'SIGKILL');
        how = `KILL after ${graceMs}ms (TERM was not enough)`;
        await waitUntil(() => !groupAlive(pid), 5_000);
      }
    }
    const exitCode = entry.ended?.exitCode ?? entry.child?.exitCode ?? (await this.monitor.readExitFile(entry.record.key));
    const signal = entry.ended?.signal ?? entry.child?.signalCode ?? null;
    await this.update(
      entry,
      { state: 'stopped', ready: false, exitCode, signal, message: `${why} (${how})`, finishedAt: new Date().toISOString() },
      'exited',
    );
  }

  private entry(key: string): ProcessEntry {
    const entry = this.entries.get(key);
    if (!entry) throw new DomainError('not_found', `no process with key '${key}' was started here`, [], { key });
    return entry;
  }

  private async update(entry: ProcessEntry, patch: Partial<ProcessRecord>, event?: ProcessEventKind): Promise<void> {
    entry.record = { ...entry.record, ...patch };
    await this.store.save(entry.record);
    if (event) await this.events.publish(event, entry.record);
  }

  private async rotateLogs(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (!isAliveState(entry.record.state)) continue;
      await rotateIfLarger(this.files.log(entry.record.key), this.config.PROCESS_LOG_MAX_BYTES).catch((error: unknown) =>
        rootLogger().warn({ err: error, key: entry.record.key }, 'log rotation failed'),
      );
    }
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
