import { DomainError, deleteInstanceRpc, getInstanceRpc, instanceHistoryRpc, listInstancesRpc } from '@appmanager/contracts';
import type { RpcServer } from '@appmanager/messaging';
import type { AppInstanceStore, ComponentInstanceStore, HealthHistoryStore } from '@appmanager/persistence';
import type { DeleteInstanceUseCase } from './delete-instance.usecase.js';
import { appSummaryView, appView, historyView } from './instance.view.js';

/** The status watcher's queries and the delete command, over NATS request/reply. */
export function registerInstanceHandlers(
  rpc: RpcServer,
  deps: { apps: AppInstanceStore; components: ComponentInstanceStore; history: HealthHistoryStore; deleteInstance: DeleteInstanceUseCase },
): void {
  rpc.handle(listInstancesRpc, async (req) => {
    const rows = await deps.apps.list({ app: req.app, stage: req.stage, health: req.health, limit: req.limit, after: req.cursor });
    return { items: rows.map(appSummaryView), nextCursor: rows.length === req.limit ? rows.at(-1)!.id : null };
  });
  rpc.handle(getInstanceRpc, async ({ id }) => {
    const app = await deps.apps.get(id);
    if (!app) throw new DomainError('not_found', `there is no app instance ${id}`, [{ path: 'id', message: 'unknown app instance' }]);
    return appView(app, await deps.components.listByApp(id));
  });
  rpc.handle(instanceHistoryRpc, async ({ id, limit }) => {
    if (!(await deps.apps.get(id))) throw new DomainError('not_found', `there is no app instance ${id}`, [{ path: 'id', message: 'unknown app instance' }]);
    return { items: (await deps.history.list(id, limit)).map(historyView) };
  });
  rpc.handle(deleteInstanceRpc, ({ id }) => deps.deleteInstance.execute(id));
}
