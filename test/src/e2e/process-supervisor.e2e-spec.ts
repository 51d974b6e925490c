import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { processLogsRpc, processStatusRpc, startProcessRpc, stopProcessRpc } from '@appmanager/contracts';
import { connectNats, RpcClient, type NatsConnection } from '@appmanager/messaging';
import { createTestRun, eventually, startServiceProcess, waitForHttp, type ServiceProcess, type TestRun } from '@appmanager/testing';
import { root } from './stack.js';

/** Running and not a zombie (the container's init may reap orphans late). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/**
 * The supervisor as its own OS process: a deployed process must survive the supervisor
 * being killed outright (kill -9), and the next supervisor must pick it up again.
 */
describe('process supervisor as a separate process', () => {
  let run: TestRun;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let supervisor: ServiceProcess;
  let env: Record<string, string>;
  let started: { pid: number; port?: number };
  const key = 'hello/local/default/dev/api';
  const dirs: string[] = [];

  const boot = async (): Promise<ServiceProcess> => {
    const p = await startServiceProcess('process-supervisor', root, env);
    await waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 60_000, () => p.output().slice(-3000));
    return p;
  };

  before(async () => {
    run = createTestRun('e2eproc');
    const dataDir = mkdtempSync(join(tmpdir(), 'e2eproc-data-'));
    const workRoot = mkdtempSync(join(tmpdir(), 'e2eproc-work-'));
    dirs.push(dataDir, workRoot);
    env = { ...run.env, LOG_LEVEL: 'info', PROCESS_DATA_DIR: dataDir, PROCESS_WORK_ROOT: workRoot, PROCESS_PROBE_INTERVAL_MS: '100' };
    nc = await connectNats(loadConfig(infraEnvSchema, { ...process.env, ...run.env }).NATS_URL, 'process-supervisor-e2e');
    rpc = new RpcClient(nc, run.id, 10_000);
    supervisor = await boot();
  });

  after(async () => {
    await rpc.call(stopProcessRpc, { key, graceMs: 500 }).catch(() => undefined);
    if (started && alive(started.pid)) process.kill(-started.pid, 'SIGKILL');
    await supervisor.stop();
    await nc.drain();
    await run.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a started process running across kill -9 of the supervisor, and the next one re-adopts it', async () => {
    started = await rpc.call(startProcessRpc, {
      key,
      command: [process.execPath, '-e', `require('http').createServer((q,s)=>{console.log('hit '+q.url);s.end('hello')}).listen(process.env.PORT)`],
      port: 'auto',
      readiness: { httpGet: { path: '/' } },
      idempotencyKey: 'order-1#1',
    });
    await eventually(async () => ((await rpc.call(processStatusRpc, { key })).state === 'ready' ? true : undefined), 15_000, 'ready');
    const url = `http://127.0.0.1:${started.port}/before`;
    assert.equal(await (await fetch(url)).text(), 'hello');

    assert.equal(await supervisor.stop('SIGKILL'), null);
    assert.ok(alive(started.pid), 'the process outlived its supervisor');
    assert.equal(await (await fetch(`http://127.0.0.1:${started.port}/meanwhile`)).text(), 'hello');

    supervisor = await boot();
    assert.match(supervisor.output(), /"adopted":1/);
    const status = await rpc.call(processStatusRpc, { key });
    assert.equal(status.pid, started.pid);
    assert.equal(status.state, 'ready');
    const { lines } = await rpc.call(processLogsRpc, { key, tail: 5 });
    assert.ok(lines.includes('hit /meanwhile'), `logs: ${lines.join(' | ')}`);

    const stopped = await rpc.call(stopProcessRpc, { key });
    assert.deepEqual(stopped, { stopped: true, state: 'stopped' });
    await eventually(async () => (alive(started.pid) ? undefined : true), 5_000, 'the adopted process to be gone');
  });
});
