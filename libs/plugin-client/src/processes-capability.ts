import { createHash } from 'node:crypto';
import {
  processLogsRpc,
  processStatusRpc,
  scopedProcessKey,
  startProcessRpc,
  stopProcessRpc,
  type ProcessStatusDto,
} from '@appmanager/contracts';
import type { RpcClient } from '@appmanager/messaging';
import type { ProcessesCapability, ProcessStartRequest, ProcessStatus } from '@appmanager/plugin-sdk';

/** The app instance a plugin call works for; every key the plugin names is put under it. */
export interface ProcessScope {
  app: string;
  cluster: string;
  namespace: string;
  stage: string;
}

/** Starting can include stopping the previous process (TERM, grace, KILL): allow for it. */
const startTimeoutMs = 30_000;
const stopTimeoutMs = 30_000;

/**
 * Host side of the `local-processes` capability: maps the SDK's ProcessesCapability to
 * the process-supervisor RPCs (the deployment worker grants all of it; the status watcher
 * the same minus `start`). Keys are namespaced by the app instance
 * (`app/cluster/namespace/stage/<key>`), so a plugin cannot touch another app's
 * processes; the supervisor validates the key's characters. Errors keep their codes
 * (the runtime bridge reports them to the plugin as `local-processes.<method> failed`).
 */
export function createProcessesCapability(rpc: RpcClient, scope: ProcessScope): ProcessesCapability {
  const scoped = (key: string): string => scopedProcessKey(scope, key);
  return {
    async start(request: ProcessStartRequest) {
      const started = await rpc.call(
        startProcessRpc,
        {
          key: scoped(request.key),
          command: request.command,
          cwd: request.cwd,
          env: request.env,
          port: request.port === 0 ? 'auto' : request.port,
          readiness: request.readiness,
          idempotencyKey: request.idempotencyKey ?? derivedIdempotencyKey(request),
        },
        { timeoutMs: startTimeoutMs },
      );
      return started.port === undefined ? { pid: started.pid } : { pid: started.pid, port: started.port };
    },
    async status(key: string) {
      return toSdkStatus(await rpc.call(processStatusRpc, { key: scoped(key) }));
    },
    async stop(key: string) {
      await rpc.call(stopProcessRpc, { key: scoped(key) }, { timeoutMs: stopTimeoutMs });
    },
    async logs(key: string, options?: { tail?: number }) {
      const { lines } = await rpc.call(processLogsRpc, { key: scoped(key), tail: Math.min(Math.max(options?.tail ?? 100, 1), 1_000) });
      return lines;
    },
  };
}

/** Without an explicit key, an identical request is the same process ("starting an existing key is a no-op"). */
function derivedIdempotencyKey(request: ProcessStartRequest): string {
  const spec = JSON.stringify([request.command, request.cwd ?? null, request.env ?? {}, request.port ?? null, request.readiness ?? null]);
  return `spec:${createHash('sha256').update(spec).digest('hex').slice(0, 32)}`;
}

const alive = new Set(['starting', 'running', 'ready']);

/** The SDK shape: optional fields are left out rather than null (plugins test `!== undefined`). */
function toSdkStatus(dto: ProcessStatusDto): ProcessStatus {
  const status: ProcessStatus = { running: alive.has(dto.state), state: dto.state, ready: dto.ready, message: dto.message, restarts: dto.restarts };
  if (dto.pid !== null) status.pid = dto.pid;
  if (dto.port !== null) status.port = dto.port;
  if (dto.exitCode !== null) status.exitCode = dto.exitCode;
  if (dto.signal !== null) status.signal = dto.signal;
  return status;
}
