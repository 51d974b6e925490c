import { Controller, Delete, Get, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectStore } from '@appmanager/artifacts';
import { deletePackageTagRpc, exportPackageRpc, getPackageRpc, importPackageRpc, listPackagesRpc, setPackageTagRpc } from '@appmanager/contracts';
import { OBJECT_STORE, RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { streamingContentTypes, StreamingUploads } from './streaming-upload.js';

/** Writing or reading a whole package file takes longer than a query. */
const fileTimeoutMs = 600_000;

/** App packages, tags, export and import (owned by the packaging service; bytes stream through object storage). */
@ApiTags('packages')
@Controller('v1')
export class PackagesController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(StreamingUploads) private readonly uploads: StreamingUploads,
  ) {}

  @Get('apps/:app/packages')
  @ApiOperation({ summary: 'Packages of an app, highest version first; ?tag= gives the version carrying that tag' })
  @ApiQuery({ name: 'tag', required: false })
  async list(@Param('app') app: string, @Query('tag') tag?: string) {
    return this.rpc.call(listPackagesRpc, { app, ...(tag ? { tag } : {}) });
  }

  @Get('apps/:app/packages/:version')
  async get(@Param('app') app: string, @Param('version') version: string) {
    return this.rpc.call(getPackageRpc, { app, version });
  }

  @Put('apps/:app/packages/:version/tags/:tag')
  @ApiOperation({ summary: 'Set (or move here) a tag' })
  async setTag(@Param('app') app: string, @Param('version') version: string, @Param('tag') tag: string) {
    return this.rpc.call(setPackageTagRpc, { app, version, tag });
  }

  @Delete('apps/:app/packages/:version/tags/:tag')
  async deleteTag(@Param('app') app: string, @Param('version') version: string, @Param('tag') tag: string) {
    return this.rpc.call(deletePackageTagRpc, { app, version, tag });
  }

  @Get('apps/:app/packages/:version/archive')
  @ApiOperation({ summary: 'One file (tar) holding the package manifest and its component archives' })
  async archive(@Param('app') app: string, @Param('version') version: string, @Res() reply: FastifyReply) {
    const file = await this.rpc.call(exportPackageRpc, { app, version }, { timeoutMs: fileTimeoutMs });
    const stream = await this.storage.get(file.key, { expectSha256: file.sha256 });
    stream.once('close', () => void this.storage.delete(file.key).catch(() => undefined));
    return reply
      .header('content-type', 'application/x-tar')
      .header('content-length', String(file.size))
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-sha256', file.sha256)
      .send(stream);
  }

  @Post('packages/import')
  @ApiOperation({ summary: 'Import an exported package file: every hash verified, same version and tags; twice is a no-op' })
  @ApiConsumes(...streamingContentTypes)
  async import(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const put = await this.uploads.store(request, '.tar', 'package file (tar)');
    const result = await this.rpc.call(importPackageRpc, { uploadKey: put.key }, { timeoutMs: fileTimeoutMs });
    void reply.code(result.created ? 201 : 200);
    return result;
  }
}
