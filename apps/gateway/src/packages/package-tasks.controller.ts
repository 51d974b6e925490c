import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createPackageTaskRpc, getPackageTaskRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { streamingContentTypes, StreamingUploads } from './streaming-upload.js';

/** Package tasks (owned by the packaging service). */
@ApiTags('packages')
@Controller('v1')
export class PackageTasksController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(StreamingUploads) private readonly uploads: StreamingUploads,
  ) {}

  @Post('apps/:app/package-tasks')
  @HttpCode(202)
  @ApiOperation({ summary: 'Build component packages and the app package; version "auto" bumps the patch of the latest' })
  @ApiBody({ schema: { type: 'object', example: { version: 'auto', tags: ['stable'], components: [{ name: 'api', type: 'process', source: { path: 'examples/hello/api' }, options: {} }] } } })
  async create(@Param('app') app: string, @Body() body: Record<string, unknown>) {
    return this.rpc.call(createPackageTaskRpc, { ...(body ?? {}), app } as never);
  }

  @Post('apps/:app/package-sources')
  @ApiOperation({ summary: 'Upload a component source (tar.gz); use the returned `source` in a package task' })
  @ApiConsumes(...streamingContentTypes, 'application/gzip')
  async upload(@Req() request: FastifyRequest) {
    const put = await this.uploads.store(request, '.tgz', 'component source (tar.gz)');
    return { source: { archive: put.key }, size: put.size, sha256: put.sha256 };
  }

  @Get('package-tasks/:id')
  @ApiOperation({ summary: 'A package task with per-component status and build logs' })
  async get(@Param('id') id: string) {
    return this.rpc.call(getPackageTaskRpc, { id });
  }
}
