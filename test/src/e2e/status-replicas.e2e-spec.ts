import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startServiceProcess, waitForHttp, type ServiceProcess } from '@appmanager/testing';
import { example, http, root, startStack, type Stack } from './stack.js';

// Short bands so "interval + 30 s" is about a minute of test, not hours: every 1 s for 5
// checks, then every 3 s (watched local processes are also pulled at the slowest band).
const statusEnv = { STATUS_PULL_TIERS: '1s*5,3s', STATUS_TIME_SCALE: '1', STATUS_LEASE: '20s' };
const slowestIntervalMs = 3_000;
const stages = ['dev', 'qa', 'prod'];

interface ComponentView {
  component: string;
  health: string;
  lastCheckAt: string | null;
}

describe('status watch: two replicas, one killed -9, the other carries on', () => {
  let stack: Stack;
  let second: ServiceProcess | undefined;

  before(async () => {
    stack = await startStack(['gateway', 'plugin-registry', 'deployment', 'deployment-worker', 'process-supervisor', 'status-watch'], statusEnv);
    // A second replica of the same installation: same databases, Redis prefix and NATS prefix.
    second = await startServiceProcess('status-watch', root, { ...stack.run.env, LOG_LEVEL: 'info', NATS_REQUEST_TIMEOUT_MS: '3000', ...statusEnv });
    await waitForHttp(`http://127.0.0.1:${second.port}/readyz`, 60_000, () => second!.output().slice(-3000));
  });
  after(async () => {
    await second?.stop();
    await stack?.stop();
  });

  const components = async (id: string): Promise<ComponentView[] | undefined> => {
    const detail = await http('GET', `${stack.api}/v1/instances/${id}`);
    return detail.status === 200 ? (detail.json.components as ComponentView[]) : undefined;
  };

  it('keeps checking every instance after one replica is killed (none unchecked longer than its interval + 30 s)', async () => {
    assert.equal((await http('PUT', `${stack.api}/v1/apps/hello`, example('hello.yaml'), 'application/yaml')).status, 200);
    for (const stage of stages) {
      const order = await http('POST', `${stack.api}/v1/deployments`, { app: 'hello', target: { cluster: 'local', namespace: 'default', stage } });
      assert.equal(order.status, 202, order.text);
      const done = await eventually(async () => {
        const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
        return ['succeeded', 'failed'].includes(o.json.state) ? o.json : undefined;
      }, 60_000, `the deploy to ${stage}`);
      assert.equal(done.state, 'succeeded', done.summary);
    }
    const ids = await eventually(async () => {
      const list = await http('GET', `${stack.api}/v1/instances?app=hello`);
      const items = (list.json.items ?? []) as Array<{ id: string; stage: string; health: string }>;
      return items.length === stages.length && items.every((i) => i.health === 'healthy') ? items.map((i) => i.id) : undefined;
    }, 60_000, 'three healthy app instances');

    const first = stack.processes.get('status-watch')!;
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const killedAt = Date.now();

    // Every instance is checked again after the kill within interval + 30 s, and again after
    // that (the survivor keeps its schedule going, it did not just drain one round).
    const checkedAfter = async (since: number) =>
      eventually(
        async () => {
          const seen: number[] = [];
          for (const id of ids) {
            const list = await components(id);
            const at = list?.[0]?.lastCheckAt ? Date.parse(list[0].lastCheckAt) : 0;
            if (at <= since) return undefined;
            seen.push(at);
          }
          return Math.max(...seen);
        },
        slowestIntervalMs + 30_000,
        `every instance checked after ${new Date(since).toISOString()} by the surviving replica`,
      );
    const round1 = await checkedAfter(killedAt);
    await checkedAfter(round1);

    const detail = await http('GET', `${stack.api}/v1/instances/${ids[0]}`);
    assert.equal(detail.json.health, 'healthy', 'the survivor answers the API and the instance is still healthy');
    assert.ok(second!.child.exitCode === null, 'the second replica is still running');
  });
});
