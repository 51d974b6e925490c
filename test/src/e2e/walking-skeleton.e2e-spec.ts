import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, serviceEntryPoints, type ServiceEntry } from '@appmanager/testing';
import { example, http, startStack, type Stack } from './stack.js';

const allServices = Object.keys(serviceEntryPoints) as ServiceEntry[];

describe('walking skeleton: every service as its own process, driven over HTTP', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(allServices, { BODY_LIMIT_BYTES: String(256 * 1024) });
  });
  after(async () => {
    await stack?.stop();
  });

  it('reports ready with MySQL, Redis and NATS checked', async () => {
    const ready = await http('GET', `${stack.api}/readyz`);
    assert.equal(ready.status, 200);
    for (const part of ['mysql', 'redis', 'nats']) assert.equal(ready.json.checks[part].ok, true, part);
  });

  it('stores an Application, deploys it through the worker and shows per-component states and timings', async () => {
    const put = await http('PUT', `${stack.api}/v1/apps/chain`, example('chain.yaml'), 'application/yaml');
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.revision, 1);
    assert.equal(put.json.componentCount, 3);

    const again = await http('PUT', `${stack.api}/v1/apps/chain`, example('chain.yaml'), 'application/yaml');
    assert.equal(again.json.revision, 1, 'the same content does not add a revision');

    const created = await http('POST', `${stack.api}/v1/deployments`, { app: 'chain' });
    assert.equal(created.status, 202, created.text);
    const id = created.json.id as string;

    const done = await eventually(async () => {
      const order = await http('GET', `${stack.api}/v1/deployments/${id}`);
      return ['succeeded', 'failed'].includes(order.json.state) ? order.json : undefined;
    }, 30_000, 'the order to finish');
    assert.equal(done.state, 'succeeded', done.summary);
    // The DAG engine adds a gate per component and a node per trait (api has an env pre-trait).
    assert.deepEqual(done.nodes.filter((n: { kind: string }) => n.kind === 'component').map((n: { id: string }) => n.id).sort(), ['api', 'migrate', 'web']);
    assert.deepEqual(done.nodes.map((n: { id: string }) => n.id).sort(), ['api', 'api#gate', 'api#trait:0:env', 'migrate', 'migrate#gate', 'web', 'web#gate']);
    for (const node of done.nodes) {
      assert.equal(node.state, 'succeeded');
      assert.equal(node.attempts, 1);
      assert.ok(node.durationMs !== null && node.durationMs >= 0, 'each node has timings');
    }
    const api = done.nodes.find((n: { id: string }) => n.id === 'api');
    const web = done.nodes.find((n: { id: string }) => n.id === 'web');
    assert.ok(new Date(web.startedAt) >= new Date(api.finishedAt), 'web (dependsOn api) starts after api finished');

    const listed = await http('GET', `${stack.api}/v1/deployments?app=chain`);
    assert.equal(listed.json.items[0].id, id);
  });

  it('answers malformed JSON with 400 problem+json saying where', async () => {
    const bad = await http('POST', `${stack.api}/v1/deployments`, '{"app": }');
    assert.equal(bad.status, 400);
    assert.match(bad.type, /application\/problem\+json/);
    assert.equal(bad.json.errors[0].line, 1);
    assert.ok(bad.json.errors[0].column > 0);
  });

  it('answers malformed YAML with 400 naming line and column', async () => {
    const bad = await http('PUT', `${stack.api}/v1/apps/broken`, 'kind: Application\nspec:\n  components: [\n   - a\n  x: 1', 'application/yaml');
    assert.equal(bad.status, 400);
    assert.match(bad.type, /application\/problem\+json/);
    assert.ok(bad.json.errors[0].line >= 3, JSON.stringify(bad.json));
  });

  it('answers a request that is not a valid deploy request with every problem and its path', async () => {
    const bad = await http('POST', `${stack.api}/v1/deployments`, { revision: -1, target: { cluster: 5 } });
    assert.equal(bad.status, 400);
    const paths = bad.json.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['app', 'revision', 'target.cluster']);
  });

  it('answers a body over the limit with 413', async () => {
    const big = await http('PUT', `${stack.api}/v1/apps/big`, 'x'.repeat(300 * 1024), 'application/yaml');
    assert.equal(big.status, 413);
    assert.match(big.type, /application\/problem\+json/);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const missing = await http('GET', `${stack.api}/v1/no-such-thing`);
    assert.equal(missing.status, 404);
    assert.match(missing.type, /application\/problem\+json/);
  });

  it('answers a missing deploy order with 404 carrying the service message', async () => {
    const missing = await http('GET', `${stack.api}/v1/deployments/00000000-0000-0000-0000-000000000000`);
    assert.equal(missing.status, 404);
    assert.match(missing.json.detail, /no deploy order/);
  });

  it('lists every backend service over NATS, with services still to come saying so', async () => {
    const services = await http('GET', `${stack.api}/v1/services`);
    const byName = new Map(services.json.items.map((s: { service: string }) => [s.service, s]));
    for (const name of ['plugin-registry', 'packaging', 'deployment', 'workflow', 'addon', 'status-watch']) {
      const entry = byName.get(name) as { status: string } | undefined;
      assert.equal(entry?.status, 'ok', `${name} answers health`);
    }
  });

  it('serves the OpenAPI document and Prometheus metrics on every process', async () => {
    const docs = await http('GET', `${stack.api}/docs-json`);
    assert.equal(docs.status, 200);
    assert.ok(docs.json.paths['/v1/deployments'], 'deployments are documented');
    assert.ok(docs.json.paths['/v1/apps/{app}'], 'apps are documented');
    for (const p of stack.processes.values()) {
      const m = await http('GET', `http://127.0.0.1:${p.port}/metrics`);
      assert.equal(m.status, 200, p.name);
      assert.match(m.text, /appmanager_http_requests_total|process_resident_memory_bytes/, p.name);
    }
    const gatewayMetrics = await http('GET', `${stack.api}/metrics`);
    assert.match(gatewayMetrics.text, /appmanager_http_requests_total\{[^}]*route="\/v1\/deployments"/);
    const workerMetrics = await http('GET', `http://127.0.0.1:${stack.processes.get('deployment-worker')!.port}/metrics`);
    assert.match(workerMetrics.text, /appmanager_jobs_total\{[^}]*outcome="ok"/);
  });

  it('logs JSON lines that carry the request id across gateway and service', async () => {
    const requestId = `e2e-${Date.now()}`;
    await fetch(`${stack.api}/v1/apps/chain`, { headers: { 'x-request-id': requestId } });
    await eventually(async () => (stack.processes.get('deployment')!.output().includes(requestId) || undefined), 5_000, 'no log line')
      .catch(() => undefined);
    const gatewayLine = stack.processes.get('gateway')!.output().split('\n').find((l) => l.includes(requestId));
    assert.ok(gatewayLine, 'the gateway logs the request with its id');
    assert.equal(JSON.parse(gatewayLine).requestId, requestId);
  });

  it('answers 503 quickly when the service behind a route is down', async () => {
    await stack.processes.get('deployment')!.stop();
    const started = Date.now();
    const down = await http('GET', `${stack.api}/v1/deployments/some-id`);
    assert.equal(down.status, 503);
    assert.match(down.json.detail, /deployment service/);
    assert.ok(Date.now() - started < 5_000, 'bounded, not a hang');
  });
});
