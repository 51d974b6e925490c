import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { installFromMarketRpc, listMarketRpc, publishToMarketRpc } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { MarketUseCases } from './market.usecases.js';

@Injectable()
export class MarketHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(MarketUseCases) private readonly market: MarketUseCases,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(publishToMarketRpc, (ref) => this.market.publish(ref));
    this.rpc.handle(listMarketRpc, async ({ kind }) => ({ items: await this.market.list(kind) }));
    this.rpc.handle(installFromMarketRpc, ({ activate, ...ref }) => this.market.install(ref, activate));
  }
}
