import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { installFromMarketRpc, listMarketRpc, pluginKindSchema, publishToMarketRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { parseInput } from '../http/query.js';

const ref = z.object({ kind: pluginKindSchema, name: z.string().max(63), version: z.string().max(64) });
const installBody = ref.extend({ activate: z.boolean().default(false) });

/** The plugin market shared between AppManager installations (served by the plugin-registry). */
@ApiTags('market')
@Controller('v1/market')
export class MarketController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Packages in the market' })
  async list(@Query() query: Record<string, string>) {
    return this.rpc.call(listMarketRpc, parseInput(z.object({ kind: pluginKindSchema.optional() }), query, 'query'));
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a stored plugin version to the market' })
  @ApiBody({ schema: z.toJSONSchema(ref) as Record<string, unknown> })
  async publish(@Body() body: unknown) {
    return this.rpc.call(publishToMarketRpc, parseInput(ref, body, 'body'), { timeoutMs: 30_000 });
  }

  @Post('install')
  @HttpCode(200)
  @ApiOperation({ summary: 'Install a plugin version from the market (sha256 verified)' })
  @ApiBody({ schema: z.toJSONSchema(installBody, { io: 'input' }) as Record<string, unknown> })
  async install(@Body() body: unknown) {
    return this.rpc.call(installFromMarketRpc, parseInput(installBody, body, 'body'), { timeoutMs: 30_000 });
  }
}
