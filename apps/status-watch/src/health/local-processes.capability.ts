import { processLogsRpc, processStatusRpc, scopedProcessKey, stopProcessRpc, DomainError } from '@appmanager/contracts';
import type { RpcClient } from '@appmanager/messaging';
import type { ProcessesCapability, ProcessStatus } from '@appmanager/plugin-sdk';

const alive = new Set(['starting', 'running', 'ready']);

/**
 * The `local-processes` capability as the status watcher grants it: read status and logs,
 * stop (for `destroy`), never start. Keys are scoped by the app instance, as in the
 * deployment worker, so a plugin only reaches its own app's processes.
 */
export function createWatcherProcessesCapability(rpc: RpcClient, scope: { app: string; cluster: string; namespace: string; stage: string }): ProcessesCapability {
  const scoped = (key: string): string => scopedProcessKey(scope, key);
  return {
    async start() {
      throw new DomainError('capability_denied', 'the status watcher does not start processes');
    },
    async status(key: string): Promise<ProcessStatus> {
      const dto = await rpc.call(processStatusRpc, { key: scoped(key) });
      const status: ProcessStatus = { running: alive.has(dto.state), state: dto.state, ready: dto.ready, message: dto.message, restarts: dto.restarts };
      if (dto.pid !== null) status.pid = dto.pid;
      if (dto.port !== null) status.port = dto.port;
      if (dto.exitCode !== null) status.exitCode = dto.exitCode;
      if (dto.signal !== null) status.signal = dto.signal;
      return status;
    },
    async stop(key: string) {
      await rpc.call(stopProcessRpc, { key: scoped(key) }, { timeoutMs: 30_000 });
    },
    async logs(key: string, options?: { tail?: number }) {
      const { lines } = await rpc.call(processLogsRpc, { key: scoped(key), tail: Math.min(Math.max(options?.tail ?? 100, 1), 1_000) });
      return lines;
    },
  };
}
