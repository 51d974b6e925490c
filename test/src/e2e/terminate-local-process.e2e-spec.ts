import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '@appmanager/testing';
import { http, startStack, type Stack } from './stack.js';

const marker = `stuck-marker-${process.pid}-${Date.now()}`;

/** Pids whose command line carries the marker (the component's own process). */
const pidsWithMarker = (): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);

const neverReady = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: stuck}
spec:
  components:
    - name: api
      type: process
      timeoutSeconds: 600
      properties:
        command: [node, -e, "require('http').createServer((q,s)=>{s.statusCode=500;s.end('not yet')}).listen(process.env.PORT)", ${marker}]
        port: auto
        readiness: {httpGet: {path: /}}
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('terminate with the real registry, built-in process plugin and supervisor', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack(['gateway', 'plugin-registry', 'deployment', 'deployment-worker', 'process-supervisor']);
  });
  after(async () => {
    await stack?.stop();
  });

  it('stops the process a waiting component already started (the process plugin asks for destroy on terminate)', async () => {
    assert.equal((await http('PUT', `${stack.api}/v1/apps/stuck`, neverReady, 'application/yaml')).status, 200);
    const order = await http('POST', `${stack.api}/v1/deployments`, { app: 'stuck' });
    assert.equal(order.status, 202, order.text);
    const waiting = await eventually(async () => {
      const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
      const api = o.json.nodes.find((n: { id: string }) => n.id === 'api');
      return api?.state === 'waiting' ? api : undefined;
    }, 30_000, 'the component to be launched and waiting for readiness');
    assert.match(waiting.message ?? '', /.+/, 'the node says what it waits for');

    const pids = await eventually(async () => (pidsWithMarker().length > 0 ? pidsWithMarker() : undefined), 10_000, 'the component process to run');

    const terminated = await http('POST', `${stack.api}/v1/deployments/${order.json.id}/terminate`);
    assert.ok([200, 202].includes(terminated.status), terminated.text);
    const done = await eventually(async () => {
      const o = await http('GET', `${stack.api}/v1/deployments/${order.json.id}`);
      return o.json.state === 'terminated' ? o.json : undefined;
    }, 20_000, 'the order to be terminated');
    assert.equal(done.nodes.find((n: { id: string }) => n.id === 'api').state, 'terminated');
    await eventually(async () => (pids.every((pid) => !alive(pid)) ? true : undefined), 20_000, `the component process (${pids.join(', ')}) to be stopped`).catch(() =>
      assert.fail(`still running after terminate; worker said:\n${stack.processes.get('deployment-worker')!.output().slice(-3000)}`),
    );
  });
});
