import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRun, eventually, freePort, startServiceProcess, waitForHttp, type ServiceProcess } from '@appmanager/testing';
import { root } from './stack.js';

describe('infrastructure missing at start', () => {
  const run = createTestRun('down');
  const started: ServiceProcess[] = [];
  after(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    await run.cleanup();
  });

  for (const [part, env] of [
    ['MySQL', async () => ({ MYSQL_PORT: String(await freePort()) })],
    ['NATS', async () => ({ NATS_URL: `nats://127.0.0.1:${await freePort()}` })],
  ] as const) {
    it(`names ${part} and keeps retrying with backoff instead of crashing`, async () => {
      const service = await startServiceProcess('workflow', root, { ...run.env, ...(await env()) });
      started.push(service);
      await eventually(
        async () => (service.output().split('\n').filter((l) => l.includes(`${part} is not reachable`)).length >= 3 ? true : undefined),
        20_000,
        `three retry lines naming ${part}`,
      );
      const delays = service
        .output()
        .split('\n')
        .filter((l) => l.includes(`${part} is not reachable`))
        .map((l) => JSON.parse(l).retryInMs as number);
      assert.ok(delays[2]! > delays[0]!, `backoff grows: ${delays.join(', ')}`);
      assert.equal(service.child.exitCode, null, 'still running');
    });
  }

  it('answers /readyz with 503 naming the part that is down, while /healthz stays 200', async () => {
    const gateway = await startServiceProcess('gateway', root, { ...run.env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    started.push(gateway);
    await waitForHttp(`http://127.0.0.1:${gateway.port}/healthz`, 30_000, () => gateway.output());
    const ready = await fetch(`http://127.0.0.1:${gateway.port}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(ready.headers.get('content-type') ?? '', /application\/problem\+json/);
    const body = (await ready.json()) as { detail: string; checks: Record<string, { ok: boolean }> };
    assert.match(body.detail, /^not ready: redis \(/);
    assert.equal(body.checks.redis?.ok, false);
    assert.equal(body.checks.mysql?.ok, true);
    assert.equal(body.checks.nats?.ok, true);
    assert.equal(body.checks.storage?.ok, true);
  });
});
