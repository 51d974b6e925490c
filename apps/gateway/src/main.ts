import { runService } from '@appmanager/bootstrap';
import { GatewayModule } from './gateway.module.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { setupOpenApi } from './http/openapi.js';
import { registerRequestContext } from './http/request-context.hooks.js';

const bodyLimitBytes = Number(process.env.BODY_LIMIT_BYTES ?? 2 * 1024 * 1024);

await runService({
  service: 'gateway',
  module: GatewayModule,
  bodyLimitBytes,
  configure: (app) => {
    const fastify = app.getHttpAdapter().getInstance();
    registerRequestContext(fastify);
    registerBodyParsers(fastify);
    setupOpenApi(app);
  },
});
