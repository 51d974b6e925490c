import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ciTriggerRpc, createCiTokenRpc, listCiDeadLettersRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';

/** CI triggers over HTTP (same payload as the JetStream subject; docs/ci-trigger.md). */
@ApiTags('triggers')
@Controller('v1')
export class CiTriggersController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Post('triggers/ci')
  @HttpCode(202)
  @ApiOperation({ summary: 'A CI build finished: package that component (and deploy with deployTo). Authorization: Bearer <app CI token>' })
  async trigger(@Body() body: unknown, @Headers('authorization') authorization?: string) {
    const token = (authorization ?? '').replace(/^Bearer\s+/i, '').trim();
    return this.rpc.call(ciTriggerRpc, { token, payload: body });
  }

  @Post('apps/:app/ci-tokens')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create (or rotate) the CI token of an app; shown once, stored hashed' })
  async createToken(@Param('app') app: string) {
    return this.rpc.call(createCiTokenRpc, { app });
  }

  @Get('triggers/ci/dead-letters')
  @ApiOperation({ summary: 'CI events that could not be processed, newest first, with the reason' })
  async deadLetters(@Query('app') app?: string, @Query('limit') limit?: string) {
    return this.rpc.call(listCiDeadLettersRpc, { ...(app ? { app } : {}), ...(limit ? { limit: Number(limit) } : {}) });
  }
}
