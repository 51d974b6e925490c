import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type DeployOrderDto } from '@appmanager/contracts';
import { AppRevisionStore, DeployOrderStore } from '@appmanager/persistence';
import { CreateOrderUseCase } from './create-order.usecase.js';
import { TerminateOrderUseCase } from './terminate-order.usecase.js';

/**
 * Deploys the previous succeeded revision of the order's app to the same target, with
 * that order's parameters. A failed order is terminated first (it holds no target, but
 * must not be retried over the rollback); a running one must be terminated by the
 * operator first (409), so two orders never interleave on one target.
 */
@Injectable()
export class RollbackOrderUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(AppRevisionStore) private readonly revisions: AppRevisionStore,
    @Inject(CreateOrderUseCase) private readonly create: CreateOrderUseCase,
    @Inject(TerminateOrderUseCase) private readonly terminate: TerminateOrderUseCase,
  ) {}

  async execute(id: string): Promise<DeployOrderDto> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
    if (order.state === 'running') {
      throw new DomainError('conflict', `deploy order ${id} is still running; terminate it before rolling back`, [{ path: 'state', message: 'is running' }]);
    }
    const previous = await this.orders.previousSucceeded(order);
    if (!previous) {
      throw new DomainError('conflict', `there is no earlier succeeded deploy of ${order.app} to ${order.cluster}/${order.namespace}/${order.stage} on another revision to roll back to`);
    }
    const revision = await this.revisions.get(order.app, previous.revision);
    if (!revision) throw new DomainError('not_found', `revision ${previous.revision} of ${order.app} no longer exists`);
    if (order.state === 'failed') await this.terminate.execute(id);
    return this.create.deploy(revision, { cluster: order.cluster, namespace: order.namespace, stage: order.stage }, previous.parameters ?? {}, {
      rollbackOf: order.id,
      packageVersion: previous.packageVersion,
    });
  }
}
