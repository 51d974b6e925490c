import { DomainError } from '@appmanager/contracts';
import type { RpcClient } from '@appmanager/messaging';
import { createProcessesCapability, type ProcessScope } from '@appmanager/plugin-client';
import type { ProcessesCapability } from '@appmanager/plugin-sdk';

/**
 * The `local-processes` capability as the status watcher grants it: the deployment
 * worker's (read status and logs, stop for `destroy`, keys scoped by the app instance, so
 * a plugin only reaches its own app's processes) except that it never starts one.
 */
export function createWatcherProcessesCapability(rpc: RpcClient, scope: ProcessScope): ProcessesCapability {
  return {
    ...createProcessesCapability(rpc, scope),
    async start() {
      throw new DomainError('capability_denied', 'the status watcher does not start processes');
    },
  };
}
