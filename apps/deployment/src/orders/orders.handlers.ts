import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createDeploymentRpc, DomainError, getDeploymentRpc, listDeploymentsRpc } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { DeployOrderStore } from '@appmanager/persistence';
import { CreateOrderUseCase } from './create-order.usecase.js';
import { toOrderDto, toOrderSummary } from './order.view.js';

/** Deploy orders over NATS: create, read, list. */
@Injectable()
export class OrdersHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(CreateOrderUseCase) private readonly createOrder: CreateOrderUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(createDeploymentRpc, (command) => this.createOrder.execute(command));

    this.rpc.handle(getDeploymentRpc, async ({ id }) => {
      const order = await this.orders.findOrder(id);
      if (!order) throw new DomainError('not_found', `no deploy order ${id}`);
      return toOrderDto(order, await this.orders.nodes(id));
    });

    this.rpc.handle(listDeploymentsRpc, async ({ app, state, limit, cursor }) => {
      const rows = await this.orders.list({ app, state }, limit + 1, cursor ? new Date(cursor) : undefined);
      const page = rows.slice(0, limit);
      return { items: page.map(toOrderSummary), nextCursor: rows.length > limit ? page.at(-1)?.createdAt.toISOString() : undefined };
    });
  }
}
