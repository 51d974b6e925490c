import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { instanceHealthChangedEvent } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import type { EventBus } from '@appmanager/messaging';
import { z } from 'zod';
import { parseInput } from '../http/query.js';

const eventsQuery = z.object({ app: z.string().min(1).max(63).optional() });

/** Keeps proxies from closing a quiet stream. */
const heartbeatMs = 15_000;

/**
 * Server-Sent Events for dashboards: every `instance.health.changed.v1` (optionally of one
 * app) as it is published. Live only: a dashboard that reconnects reads the current state
 * with GET /v1/instances, then follows changes here.
 */
@ApiTags('instances')
@Controller('v1/events')
export class InstanceEventsController {
  constructor(@Inject(EVENT_BUS) private readonly events: EventBus) {}

  @Get()
  @ApiOperation({ summary: 'Live health changes (text/event-stream), optionally of one app' })
  stream(@Query() query: Record<string, string>, @Res() reply: FastifyReply): void {
    const { app } = parseInput(eventsQuery, query, 'query');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = this.events.subscribeLive(instanceHealthChangedEvent.type, (event) => {
      const data = instanceHealthChangedEvent.data.safeParse(event.data);
      if (!data.success || (app && data.data.app !== app)) return;
      res.write(`id: ${event.eventId}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...data.data, eventId: event.eventId })}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
