import {
  listProcessesRpc,
  processLogsRpc,
  processStatusRpc,
  startProcessRpc,
  stopProcessRpc,
} from '@appmanager/contracts';
import type { RpcServer } from '@appmanager/messaging';
import type { ProcessSupervisor } from './supervisor/process-supervisor.js';

/** The supervisor's NATS operations: thin, the contracts validate and the supervisor decides. */
export function registerProcessHandlers(rpc: RpcServer, supervisor: ProcessSupervisor): void {
  rpc.handle(startProcessRpc, (request) => supervisor.start(request));
  rpc.handle(processStatusRpc, async ({ key }) => supervisor.status(key));
  rpc.handle(stopProcessRpc, ({ key, graceMs }) => supervisor.stop(key, graceMs));
  rpc.handle(processLogsRpc, async ({ key, tail }) => ({ lines: await supervisor.logs(key, tail) }));
  rpc.handle(listProcessesRpc, async ({ prefix }) => ({ items: supervisor.list(prefix) }));
}
