import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRedisClient } from '@appmanager/messaging';
import { eventually } from '@appmanager/testing';
import { http } from './stack.js';
import { countingApp, finished, startDeploymentStack, type DeploymentStack } from './support/deployment-stack.js';

/** Every node attempt launched exactly once: the counting plugin reported each launch to the test. */
function assertOneLaunchPerAttempt(d: DeploymentStack, orderId: string, nodes: Array<{ id: string; kind: string; attempts: number }>): void {
  for (const node of nodes.filter((n) => n.kind === 'component')) {
    const launches = d.counter.attemptsOf(orderId, node.id);
    for (let attempt = 1; attempt <= node.attempts; attempt++) {
      assert.ok((launches.get(attempt) ?? 0) <= 1, `${node.id} attempt ${attempt} launched ${launches.get(attempt)} times`);
    }
    assert.equal(launches.get(node.attempts), 1, `${node.id}: its last attempt (${node.attempts}) launched once`);
    assert.ok([...launches.keys()].every((a) => a <= node.attempts), `${node.id}: no launch beyond the recorded attempts`);
  }
}

describe('deployment engine faults: nothing lost, nothing run twice', () => {
  let d: DeploymentStack;
  let api: string;
  before(async () => {
    // Two jobs per worker, so killing either worker surely interrupts launches in flight.
    d = await startDeploymentStack({ WORKER_CONCURRENCY: '2' });
    api = d.stack.api;
  });
  after(async () => {
    await d?.stop();
  });

  it('kill -9 of a worker mid-launch: another worker takes the nodes over with a new attempt and the order succeeds', async () => {
    const parallel = Array.from({ length: 6 }, (_, i) => `p${i}`);
    for (const name of parallel) d.counter.setMode(name, 'slow-launch');
    await http('PUT', `${api}/v1/apps/crash`, countingApp('crash', d.counter.url, [...parallel.map((p) => [p, []] as [string, string[]]), ['after', parallel]]));
    const id = (await http('POST', `${api}/v1/deployments`, { app: 'crash' })).json.id as string;
    // Both workers hold two launches each (the counter holds slow launches open for 4 s).
    await eventually(async () => (d.counter.launches.size >= 4 ? true : undefined), 20_000, 'four launches in flight');
    await d.workers[0]!.stop('SIGKILL');
    await d.startWorker();
    const order = await finished(api, id, 90_000);
    assert.equal(order.state, 'succeeded', order.summary);
    assert.ok(order.nodes.some((n) => n.attempts === 2), 'the killed worker held launches; their nodes ran a second attempt');
    assertOneLaunchPerAttempt(d, id, order.nodes);
  });

  it('restarting the deployment service mid-order: the order continues', async () => {
    await http('PUT', `${api}/v1/apps/restart`, countingApp('restart', d.counter.url, [['r1', [], { readyAfterMs: 1500 }], ['r2', ['r1'], { readyAfterMs: 500 }], ['r3', ['r2']]]));
    const id = (await http('POST', `${api}/v1/deployments`, { app: 'restart' })).json.id as string;
    await d.restartDeployment('SIGKILL');
    const order = await finished(api, id, 60_000);
    assert.equal(order.state, 'succeeded', order.summary);
    assertOneLaunchPerAttempt(d, id, order.nodes);
    assert.ok(order.nodes.every((n) => n.attempts === 1));
  });

  it('Redis loses its data mid-order: the reconciler rebuilds the jobs from MySQL and the order finishes', async () => {
    await http(
      'PUT',
      `${api}/v1/apps/flush`,
      countingApp('flush', d.counter.url, [['f1', [], { readyAfterMs: 2500 }], ['f2', [], { readyAfterMs: 2500 }], ['f3', ['f1', 'f2']], ['f4', ['f3']]]),
    );
    const id = (await http('POST', `${api}/v1/deployments`, { app: 'flush' })).json.id as string;
    await eventually(
      async () => {
        const order = await http('GET', `${api}/v1/deployments/${id}`);
        return order.json.nodes.filter((n: { state: string }) => n.state === 'waiting').length === 2 ? true : undefined;
      },
      20_000,
      'f1 and f2 polling their get',
    );
    const redis = createRedisClient(d.redisUrl);
    try {
      assert.notEqual(new URL(d.redisUrl).pathname, '/0', 'never db 0');
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
    const order = await finished(api, id, 60_000);
    assert.equal(order.state, 'succeeded', order.summary);
    assert.ok(order.nodes.every((n) => n.attempts === 1), 'waiting nodes kept their attempt');
    assertOneLaunchPerAttempt(d, id, order.nodes);
  });
});
