import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { metrics } from '@appmanager/metrics';
import { ReadinessService } from './readiness.service.js';
import { SERVICE_NAME } from './tokens.js';

/** /healthz (process up), /readyz (infrastructure reachable), /metrics (Prometheus) on every process. */
@Controller()
export class OpsController {
  constructor(
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.service, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('readyz')
  async readyz(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    if (report.ready) {
      await reply.code(200).send({ status: 'ready', service: this.service, checks: report.checks });
      return;
    }
    const failing = Object.entries(report.checks).filter(([, c]) => !c.ok);
    await reply
      .code(503)
      .header('content-type', 'application/problem+json')
      .send({
        type: 'https://appmanager.dev/problems/not-ready',
        title: 'Service Unavailable',
        status: 503,
        detail: `not ready: ${failing.map(([name, c]) => `${name} (${c.error})`).join('; ')}`,
        service: this.service,
        checks: report.checks,
      });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    return metrics().registry.metrics();
  }
}
