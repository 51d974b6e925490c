import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  createDeploymentRpc,
  DomainError,
  getDeploymentGraphRpc,
  getDeploymentRpc,
  listDeploymentsRpc,
  retryDeploymentRpc,
  rollbackDeploymentRpc,
  terminateDeploymentRpc,
} from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { DeployOrderStore } from '@appmanager/persistence';
import { CreateOrderUseCase } from './create-order.usecase.js';
import { RetryOrderUseCase } from './retry-order.usecase.js';
import { RollbackOrderUseCase } from './rollback-order.usecase.js';
import { TerminateOrderUseCase } from './terminate-order.usecase.js';
import { toGraphDto, toOrderDto, toOrderSummary } from './order.view.js';

/** Deploy orders over NATS: create, read, list, graph, and the operator actions. */
@Injectable()
export class OrdersHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(CreateOrderUseCase) private readonly createOrder: CreateOrderUseCase,
    @Inject(RetryOrderUseCase) private readonly retryOrder: RetryOrderUseCase,
    @Inject(TerminateOrderUseCase) private readonly terminateOrder: TerminateOrderUseCase,
    @Inject(RollbackOrderUseCase) private readonly rollbackOrder: RollbackOrderUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(createDeploymentRpc, (command) => this.createOrder.execute(command));
    this.rpc.handle(retryDeploymentRpc, ({ id }) => this.retryOrder.execute(id));
    this.rpc.handle(terminateDeploymentRpc, ({ id }) => this.terminateOrder.execute(id));
    this.rpc.handle(rollbackDeploymentRpc, ({ id }) => this.rollbackOrder.execute(id));

    this.rpc.handle(getDeploymentRpc, async ({ id }) => {
      const order = await this.orders.findOrder(id);
      if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
      return toOrderDto(order, await this.orders.nodeViews(id));
    });

    this.rpc.handle(getDeploymentGraphRpc, async ({ id }) => {
      const order = await this.orders.findOrder(id);
      if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
      return toGraphDto(order, await this.orders.nodes(id));
    });

    this.rpc.handle(listDeploymentsRpc, async ({ app, state, limit, cursor }) => {
      const rows = await this.orders.list({ app, state }, limit + 1, cursor ? new Date(cursor) : undefined);
      const page = rows.slice(0, limit);
      return { items: page.map(toOrderSummary), nextCursor: rows.length > limit ? page.at(-1)?.createdAt.toISOString() : undefined };
    });
  }
}
