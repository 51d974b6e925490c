import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type DeployOrderDto } from '@appmanager/contracts';
import { activeTargetKey, DeployOrderStore } from '@appmanager/persistence';
import { DagAdvancer } from './dag-advancer.service.js';
import { OrderEvents } from './order-events.service.js';
import { toOrderDto } from './order.view.js';

/**
 * Runs a failed order's failed nodes again (next attempt, same plugin versions) and the
 * nodes skipped behind them; succeeded nodes keep their results. The order takes its
 * target back, so a retry is refused (409) while another order runs there.
 */
@Injectable()
export class RetryOrderUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  async execute(id: string): Promise<DeployOrderDto> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
    if (order.state !== 'failed') {
      throw new DomainError('conflict', `deploy order ${id} is ${order.state}; only a failed order can be retried`, [{ path: 'state', message: `is ${order.state}` }]);
    }
    const moved = await this.orders.transitionOrder(id, ['failed'], { state: 'running', summary: null, finishedAt: null, activeTarget: activeTargetKey(order) });
    if (!moved) throw new DomainError('conflict', `deploy order ${id} changed while retrying; read it again`);
    const nodes = await this.orders.nodeViews(id);
    const again = nodes.filter((n) => n.state === 'failed' || n.state === 'skipped').map((n) => n.nodeId);
    await this.orders.transitionNodes(id, again, ['failed', 'skipped'], {
      state: 'pending',
      error: null,
      message: 'retry requested',
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
      deadlineAt: null,
      polls: 0,
    });
    await this.events.order(id, order.app, 'running', null);
    await this.advancer.fullAdvance(id);
    return toOrderDto((await this.orders.findOrder(id))!, await this.orders.nodeViews(id));
  }
}
