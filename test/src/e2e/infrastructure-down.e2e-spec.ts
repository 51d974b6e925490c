import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRun, eventually, freePort, startServiceProcess, type ServiceProcess } from '@appmanager/testing';
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
});
