import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startServiceProcess } from '@appmanager/testing';
import { example, http, root, startStack, type Stack } from './stack.js';

describe('graceful shutdown', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(['gateway', 'plugin-registry', 'deployment', 'deployment-worker', 'process-supervisor']);
  });
  after(async () => {
    await stack?.stop();
  });

  it('lets a worker finish the node it is running on SIGTERM, exits 0, and a new worker carries on', async () => {
    assert.equal((await http('PUT', `${stack.api}/v1/apps/chain`, example('chain.yaml'), 'application/yaml')).status, 200);
    const order = await http('POST', `${stack.api}/v1/deployments`, { app: 'chain' });
    assert.equal(order.status, 202, order.text);
    await eventually(async () => {
      const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
      return o.json.nodes.some((n: { state: string }) => n.state === 'launching' || n.state === 'waiting') ? true : undefined;
    }, 30_000, 'a node in flight');
    const worker = stack.processes.get('deployment-worker')!;
    const code = await worker.stop('SIGTERM');
    assert.equal(code, 0, worker.output().slice(-2000));
    assert.match(worker.output(), /shutting down: no new work, finishing what is in flight/);
    assert.match(worker.output(), /shutdown complete/);

    const replacement = await startServiceProcess('deployment-worker', root, { ...stack.run.env, LOG_LEVEL: 'info' });
    stack.processes.set('deployment-worker', replacement);
    const done = await eventually(async () => {
      const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
      return ['succeeded', 'failed'].includes(o.json.state) ? o.json : undefined;
    }, 60_000, 'the order to finish with the new worker');
    assert.equal(done.state, 'succeeded', done.summary);
    for (const node of done.nodes.filter((n: { kind: string }) => n.kind === 'component')) assert.equal(node.attempts, 1, `${node.id} ran one attempt: the worker finished it before exiting`);
  });
});
