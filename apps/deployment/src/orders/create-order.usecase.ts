import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, orderChangedEvent, type DeployOrderDto, type RpcRequest, type createDeploymentRpc } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import type { EventBus } from '@appmanager/messaging';
import { AppRevisionStore, DeployOrderStore } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { planComponentNodes } from './plan-nodes.js';
import { toOrderDto } from './order.view.js';

type CreateOrderCommand = RpcRequest<typeof createDeploymentRpc>;

/**
 * Turns an app revision + target into a deploy order: plans the nodes, stores order and
 * nodes in one transaction (MySQL is the truth), then enqueues the nodes that have no
 * predecessors. If enqueuing fails the order still exists and the reconciler queues it.
 */
@Injectable()
export class CreateOrderUseCase {
  constructor(
    @Inject(AppRevisionStore) private readonly revisions: AppRevisionStore,
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  async execute(command: CreateOrderCommand): Promise<DeployOrderDto> {
    const revision = command.revision
      ? await this.revisions.get(command.app, command.revision)
      : await this.revisions.latest(command.app);
    if (!revision) {
      const which = command.revision ? `revision ${command.revision} of ${command.app}` : `an application named ${command.app}`;
      throw new DomainError('not_found', `there is no ${which}; PUT /v1/apps/${command.app} first`, [{ path: command.revision ? 'revision' : 'app', message: 'not found' }]);
    }
    const nodes = planComponentNodes(revision.document);
    const id = randomUUID();
    const now = new Date();
    const target = { cluster: command.target?.cluster ?? 'local', namespace: command.target?.namespace ?? 'default', stage: command.target?.stage ?? 'default' };
    await this.orders.create(
      { id, app: revision.app, revision: revision.revision, ...target, state: 'running', parameters: command.parameters ?? null, pluginVersions: null, createdAt: now },
      nodes,
    );
    await this.orders.transitionOrder(id, ['running'], { startedAt: now });
    const ready = nodes.filter((n) => n.dependsOn.length === 0).map((n) => n.nodeId);
    for (const nodeId of ready) await this.orders.transitionNode(id, nodeId, ['pending'], { state: 'queued', queuedAt: new Date() });
    await this.enqueuer.enqueue(ready.map((nodeId) => ({ orderId: id, nodeId, attempt: 1 })));
    await this.events.publish(orderChangedEvent, { orderId: id, app: revision.app, state: 'running', summary: null });
    const order = await this.orders.findOrder(id);
    return toOrderDto(order!, await this.orders.nodes(id));
  }
}
