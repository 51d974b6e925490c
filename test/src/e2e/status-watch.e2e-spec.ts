import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '@appmanager/testing';
import { example, http, startStack, type Stack } from './stack.js';

/** Reads Server-Sent Events from a URL into an array until aborted. */
function collectSse(url: string): { events: Array<Record<string, unknown>>; stop: () => void } {
  const events: Array<Record<string, unknown>> = [];
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) events.push(JSON.parse(data) as Record<string, unknown>);
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, stop: () => controller.abort() };
}

describe('status watch: a deployed app reported healthy, a crash seen at once', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(['gateway', 'plugin-registry', 'deployment', 'deployment-worker', 'process-supervisor', 'status-watch']);
  });
  after(async () => {
    await stack?.stop();
  });

  it('creates the app instance from the deploy, reports it healthy, and turns it unhealthy when the process dies', async () => {
    assert.equal((await http('PUT', `${stack.api}/v1/apps/hello`, example('hello.yaml'), 'application/yaml')).status, 200);
    const order = await http('POST', `${stack.api}/v1/deployments`, { app: 'hello', target: { cluster: 'local', namespace: 'default', stage: 'dev' } });
    assert.equal(order.status, 202, order.text);
    const done = await eventually(async () => {
      const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
      return ['succeeded', 'failed'].includes(o.json.state) ? o.json : undefined;
    }, 60_000, 'the deploy');
    assert.equal(done.state, 'succeeded', done.summary);
    const pid = done.nodes.find((n: { id: string }) => n.id === 'api').outputs.pid as number;

    const instance = await eventually(async () => {
      const list = await http('GET', `${stack.api}/v1/instances?app=hello&stage=dev`);
      const item = list.json.items?.[0];
      return item?.health === 'healthy' ? item : undefined;
    }, 30_000, 'the app instance to be healthy');
    assert.deepEqual([instance.app, instance.cluster, instance.namespace, instance.stage], ['hello', 'local', 'default', 'dev']);
    const detail = await http('GET', `${stack.api}/v1/instances/${instance.id}`);
    assert.equal(detail.json.components.length, 1);
    assert.equal(detail.json.components[0].component, 'api');
    assert.equal(detail.json.components[0].plugin.name, 'process');
    assert.ok(['watch', 'pull'].includes(detail.json.components[0].mode));

    const sse = collectSse(`${stack.api}/v1/events?app=hello`);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGKILL');
    const unhealthy = await eventually(async () => {
      const d = await http('GET', `${stack.api}/v1/instances/${instance.id}`);
      return d.json.health === 'unhealthy' ? d.json : undefined;
    }, 15_000, 'the instance to turn unhealthy after its process was killed');
    assert.equal(unhealthy.components[0].health, 'unhealthy');
    assert.ok(unhealthy.components[0].message, 'the component says why');

    await eventually(async () => (sse.events.some((e) => JSON.stringify(e).includes('unhealthy')) ? true : undefined), 10_000, 'the dashboard stream to show the change');
    sse.stop();

    const history = await http('GET', `${stack.api}/v1/instances/${instance.id}/history`);
    const healths = history.json.items.map((h: { health: string }) => h.health);
    assert.ok(healths.includes('unhealthy') && healths.includes('healthy'), `history shows both: ${healths.join(', ')}`);
  });

  it('answers an unknown instance with 404', async () => {
    const missing = await http('GET', `${stack.api}/v1/instances/does-not-exist`);
    assert.equal(missing.status, 404);
  });
});
