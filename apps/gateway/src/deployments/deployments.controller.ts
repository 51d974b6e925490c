import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  createDeploymentRequest,
  createDeploymentRpc,
  getDeploymentGraphRpc,
  getDeploymentRpc,
  listDeploymentsRpc,
  orderStates,
  retryDeploymentRpc,
  rollbackDeploymentRpc,
  terminateDeploymentRpc,
} from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { pageQuery, parseInput } from '../http/query.js';

const listQuery = pageQuery.extend({ app: z.string().max(63).optional(), state: z.enum(orderStates).optional() });

/** Deploy orders: an app revision going to a target, with per-node states and timings. */
@ApiTags('deployments')
@Controller('v1/deployments')
export class DeploymentsController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Create a deploy order; progress is read with GET' })
  @ApiBody({ schema: z.toJSONSchema(createDeploymentRequest, { io: 'input' }) as Record<string, unknown> })
  async create(@Body() body: unknown) {
    return this.rpc.call(createDeploymentRpc, parseInput(createDeploymentRequest, body, 'body'));
  }

  @Get()
  @ApiOperation({ summary: 'List deploy orders, newest first' })
  async list(@Query() query: Record<string, string>) {
    return this.rpc.call(listDeploymentsRpc, parseInput(listQuery, query, 'query'));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A deploy order with every node: state, attempts, timings, message, error' })
  async get(@Param('id') id: string) {
    return this.rpc.call(getDeploymentRpc, { id });
  }

  @Get(':id/graph')
  @ApiOperation({ summary: 'Nodes and edges of the order with their states (what a dashboard draws)' })
  async graph(@Param('id') id: string) {
    return this.rpc.call(getDeploymentGraphRpc, { id });
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the failed nodes of a failed order again (succeeded nodes are kept); 409 while another order runs on the target' })
  async retry(@Param('id') id: string) {
    return this.rpc.call(retryDeploymentRpc, { id });
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop queued work and mark unfinished nodes terminated; destroy runs only where the plugin asks for it' })
  async terminate(@Param('id') id: string) {
    return this.rpc.call(terminateDeploymentRpc, { id });
  }

  @Post(':id/rollback')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deploy the previous succeeded revision to the same target; returns the new order' })
  async rollback(@Param('id') id: string) {
    return this.rpc.call(rollbackDeploymentRpc, { id });
  }
}
