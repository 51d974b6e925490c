import { defineTrait, type HttpCapability, type JsonObject, type PluginContext } from '@appmanager/plugin-sdk';

interface HttpEndpointProperties {
  port?: number;
  path?: string;
}

const retryDelayMs = 250;

/**
 * Post-trait: waits until the component answers HTTP on 127.0.0.1 and outputs `url`.
 * Any status below 500 counts as answering (a 404 on `/` still means the server is up);
 * connection errors and 5xx are retried until the call's deadline.
 */
export default defineTrait<HttpEndpointProperties>({
  async execute(ctx, req) {
    if (req.stage === 'pre') return req.properties.port ? { patch: { port: req.properties.port } } : {};
    const base = baseUrl(req.properties.port, req.componentOutputs);
    const url = `${base}${req.properties.path ?? '/'}`;
    const last = await waitForAnswer(ctx, http(ctx), url);
    ctx.log.info('endpoint answers', { url, status: last });
    return { outputs: { url: base, endpoint: url } };
  },
});

function http(ctx: PluginContext): HttpCapability {
  if (!ctx.http) throw new Error("the 'http' capability is not granted: http-endpoint cannot check the component");
  return ctx.http;
}

function baseUrl(port: number | undefined, outputs: JsonObject): string {
  if (port !== undefined) return `http://127.0.0.1:${port}`;
  if (typeof outputs['url'] === 'string') return outputs['url'].replace(/\/+$/, '');
  if (typeof outputs['port'] === 'number') return `http://127.0.0.1:${outputs['port']}`;
  throw new Error('http-endpoint needs a port: set properties.port, or attach it to a component that outputs `url` or `port`');
}

async function waitForAnswer(ctx: PluginContext, client: HttpCapability, url: string): Promise<number> {
  let last = 'no attempt yet';
  // Leave time to report before the host cuts the call off.
  while (Date.now() < ctx.deadline - retryDelayMs * 2) {
    try {
      const response = await client.fetch(url, { method: 'GET' });
      if (response.status < 500) return response.status;
      last = `answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await ctx.sleep(retryDelayMs);
  }
  throw new Error(`${url} did not answer before the time limit (last: ${last})`);
}
