import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { serviceHealthRpc, DomainError } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';

const services = ['plugin-registry', 'packaging', 'deployment', 'workflow', 'addon', 'status-watch'] as const;

/** Which services answer over NATS and what each can do today. */
@ApiTags('system')
@Controller('v1/services')
export class ServicesController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Health of every backend service, asked over NATS' })
  async list() {
    const items = await Promise.all(
      services.map(async (service) => {
        try {
          return await this.rpc.call(serviceHealthRpc(service), {}, { timeoutMs: 2_000 });
        } catch (error) {
          const message = error instanceof DomainError ? error.message : String(error);
          return { service, status: 'down' as const, capabilities: [], note: message };
        }
      }),
    );
    return { items };
  }
}
