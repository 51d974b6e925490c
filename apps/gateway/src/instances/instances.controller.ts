import { Controller, Delete, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { deleteInstanceRpc, getInstanceRpc, instanceHistoryRpc, listInstancesRequest, listInstancesRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { z } from 'zod';
import { parseInput } from '../http/query.js';

const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });

/** App instances and their components' health, as the status watcher keeps them. */
@ApiTags('instances')
@Controller('v1/instances')
export class InstancesController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'List app instances by app, stage and health' })
  async list(@Query() query: Record<string, string>) {
    return this.rpc.call(listInstancesRpc, parseInput(listInstancesRequest, query, 'query'));
  }

  @Get(':id')
  @ApiOperation({ summary: 'An app instance with its component instances: health, mode (watch|pull), last check, message' })
  async get(@Param('id') id: string) {
    return this.rpc.call(getInstanceRpc, { id });
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Health changes of the app instance and its components, newest first' })
  async history(@Param('id') id: string, @Query() query: Record<string, string>) {
    return this.rpc.call(instanceHistoryRpc, { id, ...parseInput(historyQuery, query, 'query') });
  }

  @Delete(':id')
  @ApiOperation({ summary: "Destroy every component (plugin destroy) and forget the instance; lists each component's outcome" })
  async remove(@Param('id') id: string) {
    // Destroying processes can take a grace period each: allow for it.
    return this.rpc.call(deleteInstanceRpc, { id }, { timeoutMs: 60_000 });
  }
}
