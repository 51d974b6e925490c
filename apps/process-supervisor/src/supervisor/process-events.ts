import { processExitedEvent, processReadyEvent } from '@appmanager/contracts';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import type { ProcessRecord } from './process-record.js';

export type ProcessEventKind = 'ready' | 'exited';

/** Where the supervisor announces readiness and exits (status-watch follows them in watch mode). */
export interface ProcessEventSink {
  publish(kind: ProcessEventKind, record: ProcessRecord): Promise<void>;
}

/**
 * Publishes on JetStream. The event id names the key, pid, start time and kind, so an
 * exit noticed twice (before and after a supervisor restart) is one event in the stream.
 * A failed publish is logged, not thrown: the process state on disk stays the truth and
 * status-watch falls back to pulling `health` when events go missing.
 */
export class JetStreamProcessEvents implements ProcessEventSink {
  constructor(private readonly bus: EventBus) {}

  async publish(kind: ProcessEventKind, record: ProcessRecord): Promise<void> {
    if (record.pid === null) return;
    const data = {
      key: record.key,
      pid: record.pid,
      port: record.port,
      exitCode: record.exitCode,
      signal: record.signal,
      state: record.state,
      message: record.message,
    };
    const eventId = `${record.key}:${record.pid}:${record.startedAt}:${kind}`;
    try {
      await this.bus.publish(kind === 'ready' ? processReadyEvent : processExitedEvent, data, eventId);
    } catch (error) {
      rootLogger().warn({ err: error, key: record.key, kind }, 'could not publish a process event');
    }
  }
}
