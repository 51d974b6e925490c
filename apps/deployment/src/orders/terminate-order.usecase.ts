import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type DeployOrderDto, type NodeState } from '@appmanager/contracts';
import { DeployOrderStore } from '@appmanager/persistence';
import { NodeEnqueuer } from '../queue/node-enqueuer.js';
import { OrderEvents } from './order-events.service.js';
import { orderSummary } from './order-summary.js';
import { toOrderDto } from './order.view.js';

const unfinished: NodeState[] = ['pending', 'queued', 'launching', 'waiting'];

/**
 * Stops an order: queued jobs are dropped (a job already running finds its node
 * terminated and stops there), every unfinished node becomes terminated, and component
 * nodes that had launched get a destroy job — the worker calls `destroy` only where the
 * plugin's manifest asks for it (`onTerminate: destroy`). The target is free afterwards.
 */
@Injectable()
export class TerminateOrderUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(NodeEnqueuer) private readonly enqueuer: NodeEnqueuer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  async execute(id: string): Promise<DeployOrderDto> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
    if (order.state === 'succeeded' || order.state === 'terminated') {
      throw new DomainError('conflict', `deploy order ${id} is already ${order.state}`, [{ path: 'state', message: `is ${order.state}` }]);
    }
    // The order leaves `running` first, so a worker finishing a node now cannot close it as succeeded.
    const moved = await this.orders.transitionOrder(id, ['created', 'planning', 'running', 'failed'], { state: 'terminated', activeTarget: null, finishedAt: new Date() });
    if (!moved) throw new DomainError('conflict', `deploy order ${id} changed while terminating; read it again`);
    const nodes = await this.orders.nodeViews(id);
    const destroy: string[] = [];
    for (const node of nodes.filter((n) => unfinished.includes(n.state))) {
      const won = await this.orders.transitionNode(id, node.nodeId, [node.state], { state: 'terminated', finishedAt: new Date(), message: `terminated by an operator while ${node.state}` });
      if (!won) continue;
      if (node.state === 'queued') await this.enqueuer.discard({ orderId: id, nodeId: node.nodeId, attempt: node.attempts + 1 });
      if (node.kind === 'component' && (node.state === 'launching' || node.state === 'waiting')) destroy.push(node.nodeId);
      this.events.node({ ...node, state: 'terminated', message: 'terminated by an operator' });
    }
    await this.enqueuer.enqueueDestroy(destroy.map((nodeId) => ({ orderId: id, nodeId })));
    const after = await this.orders.nodeViews(id);
    const summary = `terminated by an operator: ${orderSummary(after)}`;
    await this.orders.transitionOrder(id, ['terminated'], { summary });
    await this.events.order(id, order.app, 'terminated', summary);
    return toOrderDto((await this.orders.findOrder(id))!, after);
  }
}
