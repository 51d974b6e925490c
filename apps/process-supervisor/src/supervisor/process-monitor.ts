import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { rootLogger } from '@appmanager/logging';
import type { SupervisorConfig } from '../supervisor-env.schema.js';
import type { ProcessEventKind } from './process-events.js';
import type { ProcessFiles } from './process-files.js';
import { isSameProcess } from './process-liveness.js';
import { isAliveState, judgeExit, type ProcessRecord } from './process-record.js';
import { describeProbe, probeOnce } from './readiness-probe.js';

/** One supervised key in memory: its record plus what watches it. */
export interface ProcessEntry {
  record: ProcessRecord;
  /** Present only for processes this supervisor instance spawned (re-adopted ones have no handle). */
  child?: ChildProcess;
  /** Set by `stop`: the exit that follows is the stop's to record. */
  stopping: boolean;
  /** How the process ended, once it did. */
  ended?: { exitCode: number | null; signal: string | null };
  timers: Set<NodeJS.Timeout>;
  probeFailures: number;
}

/** How the monitor reports a change: the supervisor persists it and publishes the event. */
export type RecordChange = (entry: ProcessEntry, patch: Partial<ProcessRecord>, event?: ProcessEventKind) => Promise<void>;

/** After being ready, this many failed probes in a row make a process not ready again. */
const failuresBeforeUnready = 3;

/**
 * Watches processes: their exit (the child's exit event, or — for re-adopted processes
 * the supervisor is no longer the parent of — a liveness poll that also checks the argv,
 * so a recycled pid is never mistaken for ours) and their readiness probes.
 */
export class ProcessMonitor {
  private closed = false;

  constructor(
    private readonly config: SupervisorConfig,
    private readonly files: ProcessFiles,
    private readonly change: RecordChange,
  ) {}

  watch(entry: ProcessEntry): void {
    const child = entry.child;
    if (child) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        entry.ended = { exitCode: code, signal };
        void this.ended(entry);
      };
      // A command that fails at once may have ended (and emitted 'exit') while its record was being saved.
      if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
      else child.once('exit', onExit);
    } else {
      this.every(entry, this.config.PROCESS_LIVENESS_INTERVAL_MS, async () => {
        if (entry.ended || (await isSameProcess(entry.record.pid!, entry.record.argv))) return;
        entry.ended = { exitCode: await this.readExitFile(entry.record.key), signal: null };
        await this.ended(entry);
      });
    }
    const readiness = entry.record.readiness;
    if (readiness && !('exitCode' in readiness)) this.scheduleProbe(entry, entry.record.ready ? this.config.PROCESS_PROBE_READY_INTERVAL_MS : 0);
  }

  /** The exit code the wrapper shell recorded, or null when it could not (killed by a signal). */
  async readExitFile(key: string): Promise<number | null> {
    const text = await readFile(this.files.exitCode(key), 'utf8').catch(() => '');
    return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
  }

  /** Stops watching one entry (its process keeps running). */
  unwatch(entry: ProcessEntry): void {
    for (const timer of entry.timers) clearTimeout(timer);
    entry.timers.clear();
    entry.child?.removeAllListeners('exit');
  }

  /** Stops all watching for good: used when the supervisor shuts down; processes are left running. */
  close(): void {
    this.closed = true;
  }

  private async ended(entry: ProcessEntry): Promise<void> {
    this.unwatch(entry);
    if (this.closed || entry.stopping || !isAliveState(entry.record.state)) return;
    const { exitCode, signal } = entry.ended!;
    const verdict = judgeExit(entry.record, exitCode, signal);
    const wasReady = entry.record.ready;
    await this.change(entry, { ...verdict, exitCode, signal, finishedAt: new Date().toISOString() }, 'exited');
    // A job that exited with the expected code has just become ready: say that too.
    if (verdict.ready && !wasReady) await this.change(entry, {}, 'ready');
  }

  private scheduleProbe(entry: ProcessEntry, delayMs: number): void {
    const timer = setTimeout(() => {
      entry.timers.delete(timer);
      void this.probe(entry).catch((error: unknown) => rootLogger().warn({ err: error, key: entry.record.key }, 'readiness probe crashed'));
    }, delayMs);
    timer.unref();
    entry.timers.add(timer);
  }

  private async probe(entry: ProcessEntry): Promise<void> {
    const record = entry.record;
    if (this.closed || entry.ended || entry.stopping || !isAliveState(record.state) || !record.readiness || record.port === null) return;
    const result = await probeOnce(record.readiness, record.port);
    if (this.closed || entry.ended || entry.stopping) return;
    const what = describeProbe(record.readiness, record.port);
    if (result.ok) {
      entry.probeFailures = 0;
      if (!record.ready) await this.change(entry, { state: 'ready', ready: true, message: `ready: ${what} answered` }, 'ready');
    } else if (record.ready) {
      entry.probeFailures += 1;
      if (entry.probeFailures >= failuresBeforeUnready) {
        await this.change(entry, { state: 'running', ready: false, message: `not ready any more: ${what} failed ${entry.probeFailures} times (${result.reason})` });
      }
    } else {
      const message = record.state === 'running' ? `not ready: ${what}: ${result.reason}` : `waiting for ${what}: ${result.reason}`;
      if (message !== record.message) await this.change(entry, { message });
    }
    this.scheduleProbe(entry, entry.record.ready ? this.config.PROCESS_PROBE_READY_INTERVAL_MS : this.config.PROCESS_PROBE_INTERVAL_MS);
  }

  private every(entry: ProcessEntry, intervalMs: number, tick: () => Promise<void>): void {
    const loop = (): void => {
      const timer = setTimeout(() => {
        entry.timers.delete(timer);
        void tick()
          .catch((error: unknown) => rootLogger().warn({ err: error, key: entry.record.key }, 'liveness check failed'))
          .finally(() => {
            if (!this.closed && !entry.ended) loop();
          });
      }, intervalMs);
      timer.unref();
      entry.timers.add(timer);
    };
    loop();
  }
}
