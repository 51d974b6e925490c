import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ObjectStore } from '@appmanager/artifacts';
import { activatePluginRpc, DomainError, getPluginRpc, listPluginsRpc, listPluginVersionsRpc, pluginKindSchema, uploadPluginRpc } from '@appmanager/contracts';
import { OBJECT_STORE, RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { parseInput } from '../http/query.js';

const kindQuery = z.object({ kind: pluginKindSchema.optional() });
const uploadQuery = z.object({ activate: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
const coordinates = z.object({ kind: pluginKindSchema, name: z.string().max(63) });

/** Compiling and loading a package takes longer than a query. */
const uploadTimeoutMs = 30_000;

/**
 * Plugin packages (owned by the plugin-registry service). An upload's body goes to object
 * storage and only its key crosses NATS, whose payloads stop at 1 MiB.
 */
@ApiTags('plugins')
@Controller('v1/plugins')
export class PluginsController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List plugins: kind, name, active version, versions' })
  @ApiQuery({ name: 'kind', required: false, enum: pluginKindSchema.options })
  async list(@Query() query: Record<string, string>) {
    return this.rpc.call(listPluginsRpc, parseInput(kindQuery, query, 'query'));
  }

  @Post()
  @ApiOperation({ summary: 'Upload a plugin package (tar.gz with manifest.yaml at its root); 201 when stored, 200 when the same content was already there, 409 when the version exists with other content' })
  @ApiConsumes('application/gzip', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'activate', required: false, type: Boolean })
  async upload(@Req() request: FastifyRequest, @Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const { activate } = parseInput(uploadQuery, query, 'query');
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      const type = String(request.headers['content-type'] ?? 'no content type');
      throw new DomainError('unsupported_media_type', `send the plugin package as application/gzip (got ${type}${Buffer.isBuffer(body) ? ', empty' : ''})`, [{ path: '(body)', message: 'a tar.gz package is required' }]);
    }
    const uploadKey = `uploads/${randomUUID()}.tgz`;
    await this.storage.put(uploadKey, body, { contentType: 'application/gzip' });
    const result = await this.rpc.call(uploadPluginRpc, { uploadKey, activate }, { timeoutMs: uploadTimeoutMs });
    void reply.code(result.created ? 201 : 200);
    return result;
  }

  @Get(':kind/:name')
  @ApiOperation({ summary: 'A plugin: definition, versions, schema' })
  async get(@Param('kind') kind: string, @Param('name') name: string) {
    return this.rpc.call(getPluginRpc, parseInput(coordinates, { kind, name }, 'path'));
  }

  @Get(':kind/:name/versions')
  @ApiOperation({ summary: 'Every version of a plugin, highest first' })
  async versions(@Param('kind') kind: string, @Param('name') name: string) {
    return this.rpc.call(listPluginVersionsRpc, parseInput(coordinates, { kind, name }, 'path'));
  }

  @Post(':kind/:name/versions/:version/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make this version the active one (older versions too: a rollback)' })
  async activate(@Param('kind') kind: string, @Param('name') name: string, @Param('version') version: string) {
    return this.rpc.call(activatePluginRpc, parseInput(coordinates.extend({ version: z.string().max(64) }), { kind, name, version }, 'path'));
  }
}
