import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { finishedOrderStates, getDeploymentRpc, type EventEnvelope, type OrderState } from '@appmanager/contracts';
import { EVENT_BUS, RPC_CLIENT } from '@appmanager/bootstrap';
import type { EventBus, RpcClient } from '@appmanager/messaging';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of one order's node and order transitions, live from NATS. The
 * stream opens with a `snapshot` (the order as it is now, so nothing before the
 * subscription is missed) and ends once the order has finished.
 */
@ApiTags('deployments')
@Controller('v1/deployments')
export class DeploymentEventsController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  @Get(':id/events')
  @ApiOperation({ summary: 'Server-Sent Events of node and order transitions; ends when the order finishes' })
  @ApiProduces('text/event-stream')
  async stream(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const buffered: EventEnvelope[] = [];
    const sink: { live?: (event: EventEnvelope) => void } = {};
    // Subscribe before reading the snapshot, so a transition in between is not lost.
    const unsubscribe = this.events.subscribeLive('deployment.>', (event) => {
      if ((event.data as { orderId?: string } | null)?.orderId !== id) return;
      if (sink.live) sink.live(event);
      else buffered.push(event);
    });
    let snapshot;
    try {
      snapshot = await this.rpc.call(getDeploymentRpc, { id });
    } catch (error) {
      unsubscribe();
      throw error; // 404 / 503 as problem+json, before any stream byte
    }
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let closed = false;
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      raw.end();
    };
    request.raw.on('close', close);
    const send = (name: string, eventId: string, data: unknown): void => {
      if (!closed) raw.write(`event: ${name}\nid: ${eventId}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const finished = (state: OrderState): boolean => finishedOrderStates.includes(state);
    send('snapshot', `snapshot-${Date.now()}`, snapshot);
    if (finished(snapshot.state)) return close();
    sink.live = (event) => {
      const name = event.type.replace(/^deployment\./, '').replace(/\.v\d+$/, '');
      send(name, event.eventId, event.data);
      if (name === 'order-changed' && finished((event.data as { state: OrderState }).state)) close();
    };
    for (const event of buffered.splice(0)) sink.live(event);
  }
}
