import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import {
  DomainError,
  listProcessesRpc,
  processLogsRpc,
  processStatusRpc,
  startProcessRpc,
  stopProcessRpc,
  type EventEnvelope,
  type ProcessStatusDto,
} from '@appmanager/contracts';
import { connectNats, EventBus, RpcClient, RpcServer, type NatsConnection } from '@appmanager/messaging';
import { createTestRun, eventually, type TestRun } from '@appmanager/testing';
import { registerProcessHandlers } from './process-rpc.handlers.js';
import { supervisorEnvSchema } from './supervisor-env.schema.js';
import { JetStreamProcessEvents } from './supervisor/process-events.js';
import { groupAlive } from './supervisor/process-liveness.js';
import { ProcessSupervisor } from './supervisor/process-supervisor.js';

const node = process.execPath;
/** An HTTP server on $PORT that answers with the names of the variables it sees. */
const envServer = `require('http').createServer((q,s)=>s.end(JSON.stringify(Object.keys(process.env).sort()))).listen(process.env.PORT)`;

describe('process supervisor over NATS', () => {
  let run: TestRun;
  let nc: NatsConnection;
  let bus: EventBus;
  let rpc: RpcClient;
  let server: RpcServer;
  let supervisor: ProcessSupervisor;
  let dataDir: string;
  let workRoot: string;
  const events: EventEnvelope[] = [];
  const config = () =>
    loadConfig(supervisorEnvSchema, {
      PROCESS_DATA_DIR: dataDir,
      PROCESS_WORK_ROOT: workRoot,
      PROCESS_PROBE_INTERVAL_MS: '100',
      PROCESS_LIVENESS_INTERVAL_MS: '100',
    });
  // The supervisor's own environment carries infrastructure secrets; processes must not see them.
  const supervisorEnv = { ...process.env, NATS_URL: 'nats://secret', S3_SECRET_KEY: 'do-not-leak' };

  const bootSupervisor = async () => {
    supervisor = new ProcessSupervisor(config(), new JetStreamProcessEvents(bus), supervisorEnv);
    const loaded = await supervisor.open();
    server = new RpcServer(nc, run.id);
    registerProcessHandlers(server, supervisor);
    return loaded;
  };
  const status = (key: string) => rpc.call(processStatusRpc, { key });
  const waitFor = (key: string, accept: (s: ProcessStatusDto) => boolean, what: string) =>
    eventually(async () => {
      const s = await status(key);
      return accept(s) ? s : undefined;
    }, 15_000, `${key}: ${what}`);

  before(async () => {
    run = createTestRun('procsup');
    dataDir = mkdtempSync(join(tmpdir(), 'procsup-data-'));
    workRoot = mkdtempSync(join(tmpdir(), 'procsup-work-'));
    const infra = loadConfig(infraEnvSchema, { ...process.env, ...run.env });
    nc = await connectNats(infra.NATS_URL, 'process-supervisor-int');
    bus = await EventBus.create(nc, run.id, 'process-supervisor');
    bus.subscribeLive('process.>', (event) => events.push(event));
    rpc = new RpcClient(nc, run.id, 20_000);
    await bootSupervisor();
  });

  after(async () => {
    const { items } = await rpc.call(listProcessesRpc, {});
    await Promise.all(items.map((p) => rpc.call(stopProcessRpc, { key: p.key, graceMs: 200 })));
    supervisor.close();
    await server.close();
    await bus.close();
    await nc.drain();
    await run.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workRoot, { recursive: true, force: true });
  });

  it('starts an HTTP server on a free port, probes it to ready and keeps the supervisor env away from it', async () => {
    const started = await rpc.call(startProcessRpc, {
      key: 'hello/local/default/dev/api',
      command: [node, '-e', envServer],
      env: { GREETING: 'hi' },
      port: 'auto',
      readiness: { httpGet: { path: '/' } },
      idempotencyKey: 'order-1#1',
    });
    assert.ok(started.port && started.port > 0);
    const ready = await waitFor('hello/local/default/dev/api', (s) => s.state === 'ready', 'ready');
    assert.equal(ready.ready, true);
    assert.equal(ready.pid, started.pid);
    const seen = (await (await fetch(`http://127.0.0.1:${started.port}/`)).json()) as string[];
    assert.ok(seen.includes('GREETING') && seen.includes('PORT') && seen.includes('PATH'));
    assert.ok(!seen.includes('NATS_URL') && !seen.includes('S3_SECRET_KEY'), `leaked: ${seen.join(',')}`);
    await eventually(async () => events.find((e) => e.type === 'process.ready.v1' && (e.data as { pid: number }).pid === started.pid), 5_000, 'ready event');
  });

  it('treats a job as ready when it exits with the expected code', async () => {
    const { pid } = await rpc.call(startProcessRpc, {
      key: 'hello/local/default/dev/migrate',
      command: [node, '-e', 'console.log("migrated")'],
      readiness: { exitCode: 0 },
      idempotencyKey: 'job-1',
    });
    const done = await waitFor('hello/local/default/dev/migrate', (s) => s.state !== 'starting', 'the job to end');
    assert.equal(done.state, 'exited');
    assert.equal(done.ready, true);
    assert.equal(done.exitCode, 0);
    const exited = await eventually(async () => events.find((e) => e.type === 'process.exited.v1' && (e.data as { pid: number }).pid === pid), 5_000, 'exited event');
    assert.equal((exited.data as { exitCode: number }).exitCode, 0);
  });

  it('reports a crashing command as failed, with its exit code and its last log lines', async () => {
    await rpc.call(startProcessRpc, {
      key: 'hello/local/default/dev/crash',
      command: [node, '-e', 'console.log("connecting to db"); console.error("Error: database unreachable"); process.exit(3)'],
      port: 'auto',
      readiness: { httpGet: { path: '/healthz' } },
      idempotencyKey: 'crash-1',
    });
    const failed = await waitFor('hello/local/default/dev/crash', (s) => s.state === 'failed', 'failed');
    assert.equal(failed.exitCode, 3);
    assert.match(failed.message, /exited with code 3/);
    const { lines } = await rpc.call(processLogsRpc, { key: 'hello/local/default/dev/crash', tail: 2 });
    assert.deepEqual(lines, ['connecting to db', 'Error: database unreachable']);
  });

  it('says which command was not found', async () => {
    await rpc.call(startProcessRpc, { key: 'hello/local/default/dev/typo', command: ['nodee', 'server.js'], idempotencyKey: 'typo-1' });
    const failed = await waitFor('hello/local/default/dev/typo', (s) => s.state === 'failed', 'failed');
    assert.match(failed.message, /command not found: nodee/);
  });

  it('is idempotent per idempotencyKey and replaces the process on a new one', async () => {
    const request = { key: 'hello/local/default/dev/idem', command: [node, '-e', 'setInterval(() => {}, 1000)'], idempotencyKey: 'order-7#1' };
    const [first, second] = await Promise.all([rpc.call(startProcessRpc, request), rpc.call(startProcessRpc, request)]);
    assert.equal(first.pid, second.pid);
    assert.deepEqual([first.started, second.started].sort(), [false, true]);
    const third = await rpc.call(startProcessRpc, request);
    assert.equal(third.pid, first.pid);
    assert.equal(third.started, false);

    const replaced = await rpc.call(startProcessRpc, { ...request, idempotencyKey: 'order-7#2' });
    assert.notEqual(replaced.pid, first.pid);
    assert.equal(groupAlive(first.pid), false, 'the replaced process is gone');
    const now = await status(request.key);
    assert.equal(now.pid, replaced.pid);
    assert.equal(now.restarts, 1);
  });

  it('stops with TERM, and with KILL after the grace period when TERM is ignored', async () => {
    const polite = await rpc.call(startProcessRpc, { key: 'hello/local/default/dev/polite', command: [node, '-e', 'setInterval(() => {}, 1000)'], idempotencyKey: 'p' });
    const stubborn = await rpc.call(startProcessRpc, {
      key: 'hello/local/default/dev/stubborn',
      command: [node, '-e', 'process.on("SIGTERM", () => console.log("ignoring TERM")); setInterval(() => {}, 1000); console.log("up")'],
      idempotencyKey: 's',
    });
    await eventually(async () => ((await rpc.call(processLogsRpc, { key: 'hello/local/default/dev/stubborn', tail: 1 })).lines[0] === 'up' ? true : undefined), 10_000, 'stubborn up');

    const stoppedPolite = await rpc.call(stopProcessRpc, { key: 'hello/local/default/dev/polite', graceMs: 5_000 });
    assert.deepEqual(stoppedPolite, { stopped: true, state: 'stopped' });
    assert.match((await status('hello/local/default/dev/polite')).message, /\(TERM\)/);
    assert.equal(groupAlive(polite.pid), false);

    await rpc.call(stopProcessRpc, { key: 'hello/local/default/dev/stubborn', graceMs: 300 });
    const afterKill = await status('hello/local/default/dev/stubborn');
    assert.equal(afterKill.state, 'stopped');
    assert.match(afterKill.message, /KILL after 300ms/);
    assert.equal(groupAlive(stubborn.pid), false);
    const { lines } = await rpc.call(processLogsRpc, { key: 'hello/local/default/dev/stubborn', tail: 1 });
    assert.equal(lines[0], 'ignoring TERM');

    assert.deepEqual(await rpc.call(stopProcessRpc, { key: 'hello/local/default/dev/polite' }), { stopped: false, state: 'stopped' });
    assert.deepEqual(await rpc.call(stopProcessRpc, { key: 'hello/local/default/dev/never-started' }), { stopped: false, state: null });
  });

  it('returns the last N log lines', async () => {
    await rpc.call(startProcessRpc, {
      key: 'hello/local/default/dev/chatty',
      command: [node, '-e', 'for (let i = 1; i <= 50; i++) console.log("line " + i)'],
      readiness: { exitCode: 0 },
      idempotencyKey: 'c',
    });
    await waitFor('hello/local/default/dev/chatty', (s) => s.state === 'exited', 'exited');
    const { lines } = await rpc.call(processLogsRpc, { key: 'hello/local/default/dev/chatty', tail: 3 });
    assert.deepEqual(lines, ['line 48', 'line 49', 'line 50']);
    await assert.rejects(rpc.call(processLogsRpc, { key: 'hello/local/default/dev/unknown', tail: 3 }), (e: DomainError) => e.code === 'not_found');
  });

  it('refuses a cwd outside the work root, also through a symbolic link', async () => {
    const base = { key: 'hello/local/default/dev/escape', command: [node, '-e', '0'], idempotencyKey: 'e' };
    for (const cwd of ['/etc', '../../etc']) {
      await assert.rejects(rpc.call(startProcessRpc, { ...base, cwd }), (e: DomainError) => {
        assert.equal(e.code, 'validation_failed');
        assert.equal(e.errors[0]?.path, 'cwd');
        assert.match(e.message, /must be under the work root/);
        return true;
      });
    }
    symlinkSync('/etc', join(workRoot, 'sneaky'));
    await assert.rejects(rpc.call(startProcessRpc, { ...base, cwd: 'sneaky' }), /symbolic link/);
    mkdirSync(join(workRoot, 'site'));
    await rpc.call(startProcessRpc, { ...base, cwd: 'site', readiness: { exitCode: 0 } });
    assert.equal((await waitFor(base.key, (s) => s.state !== 'starting', 'ended')).state, 'exited');
  });

  it('re-adopts a running process after a supervisor restart and still notices its end', async () => {
    const key = 'hello/local/default/dev/survivor';
    const started = await rpc.call(startProcessRpc, {
      key,
      command: [node, '-e', envServer],
      port: 'auto',
      readiness: { tcp: {} },
      idempotencyKey: 'survivor-1',
    });
    await waitFor(key, (s) => s.state === 'ready', 'ready');

    supervisor.close();
    await server.close();
    const loaded = await bootSupervisor();
    assert.ok(loaded.adopted >= 1);

    const adopted = await status(key);
    assert.equal(adopted.state, 'ready');
    assert.equal(adopted.pid, started.pid);
    assert.equal((await fetch(`http://127.0.0.1:${started.port}/`)).status, 200);
    const again = await rpc.call(startProcessRpc, { key, command: [node, '-e', envServer], port: 'auto', readiness: { tcp: {} }, idempotencyKey: 'survivor-1' });
    assert.deepEqual(again, { pid: started.pid, port: started.port, started: false });

    // The new supervisor is not the parent any more: it learns the exit code from the wrapper's file.
    process.kill(-started.pid, 'SIGTERM');
    const ended = await waitFor(key, (s) => s.state === 'failed', 'the adopted process to end');
    assert.equal(ended.exitCode, 143);
  });
});
