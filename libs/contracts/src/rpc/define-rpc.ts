import type { z } from 'zod';

/**
 * A request/reply operation one service offers over NATS core. The subject carries the
 * owning service and a version (`<prefix>.rpc.<service>.<name>.v1`); renaming one is a
 * breaking change. The server validates the request with `request`; the client
 * validates the reply with `response`.
 */
export interface RpcDefinition<Req extends z.ZodType, Res extends z.ZodType> {
  service: string;
  name: string;
  version: number;
  request: Req;
  response: Res;
}

export function defineRpc<Req extends z.ZodType, Res extends z.ZodType>(
  service: string,
  name: string,
  request: Req,
  response: Res,
  version = 1,
): RpcDefinition<Req, Res> {
  return { service, name, version, request, response };
}

export const rpcSubject = (prefix: string, def: { service: string; name: string; version: number }): string =>
  `${prefix}.rpc.${def.service}.${def.name}.v${def.version}`;

/** Queue group per service: every replica subscribes, NATS hands each request to one. */
export const rpcQueueGroup = (service: string): string => `svc-${service}`;

export type RpcRequest<D> = D extends RpcDefinition<infer Req, z.ZodType> ? z.input<Req> : never;
export type RpcResponse<D> = D extends RpcDefinition<z.ZodType, infer Res> ? z.output<Res> : never;
