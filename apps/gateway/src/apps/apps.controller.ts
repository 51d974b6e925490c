import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, getAppRpc, listAppRevisionsRpc, listAppsRpc, putAppRpc, validateAppRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { yamlContentTypes } from '../http/body-parsers.js';
import { pageQuery, parseInput } from '../http/query.js';

/** Applications and their immutable revisions (owned by the deployment service). */
@ApiTags('apps')
@Controller('v1/apps')
export class AppsController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Put(':app')
  @ApiOperation({ summary: 'Create or update an Application; returns the new (or unchanged) revision' })
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ description: 'An OAM Application (core.oam.dev/v1beta1)', schema: { type: 'object' } })
  async put(@Param('app') app: string, @Req() request: FastifyRequest, @Headers('x-author') author?: string) {
    const document = this.document(request);
    return this.rpc.call(putAppRpc, { app, ...document, author: author ?? 'anonymous' });
  }

  @Post(':app/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate an Application without storing it; every error at once' })
  @ApiConsumes('application/yaml', 'application/json')
  async validate(@Param('app') app: string, @Req() request: FastifyRequest) {
    return this.rpc.call(validateAppRpc, { app, ...this.document(request) });
  }

  @Get()
  @ApiOperation({ summary: 'List applications with their latest revision' })
  async list(@Query() query: Record<string, string>) {
    return this.rpc.call(listAppsRpc, parseInput(pageQuery, query, 'query'));
  }

  @Get(':app')
  @ApiOperation({ summary: 'The latest revision of an application' })
  async get(@Param('app') app: string) {
    return this.rpc.call(getAppRpc, { app });
  }

  @Get(':app/revisions')
  @ApiOperation({ summary: 'Revisions of an application, newest first' })
  async revisions(@Param('app') app: string, @Query() query: Record<string, string>) {
    return this.rpc.call(listAppRevisionsRpc, { app, ...parseInput(pageQuery, query, 'query') });
  }

  /** The raw document and its format: the deployment service parses it so errors carry line/column. */
  private document(request: FastifyRequest): { text: string; format: 'yaml' | 'json' } {
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const text = (request as { rawText?: string }).rawText;
    if (text === undefined) {
      throw new DomainError('unsupported_media_type', `send the Application as application/yaml or application/json (got ${contentType || 'no content type'})`);
    }
    return { text, format: yamlContentTypes.includes(contentType) ? 'yaml' : 'json' };
  }
}

