import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRedisClient, type Redis } from '@appmanager/messaging';
import { eventually, freePort, startServiceProcess, waitForHttp, type ServiceProcess } from '@appmanager/testing';
import { http, root, startStack, type Stack } from './stack.js';

/** s3rver as its own process, so "object storage down" is a dead process, not a paused event loop. */
async function startS3rver(dir: string, port: number): Promise<ChildProcess> {
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(process.execPath, [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** A Redis db index nobody uses right now (never 0: other runs share it), so this test may FLUSHDB it. */
async function emptyRedisDb(): Promise<{ url: string; redis: Redis }> {
  for (const n of [...Array.from({ length: 15 }, (_, i) => i + 1)].sort(() => Math.random() - 0.5)) {
    const url = `redis://127.0.0.1:6379/${n}`;
    const redis = createRedisClient(url);
    if ((await redis.dbsize()) === 0) return { url, redis };
    redis.disconnect();
  }
  throw new Error('no empty Redis db among 1–15');
}

describe('packaging faults: object storage down, Redis loses its data', () => {
  let stack: Stack;
  let sources: string;
  let s3dir: string;
  let s3port: number;
  let s3: ChildProcess | undefined;
  let redis: Redis;
  let workerEnv: Record<string, string>;
  let worker: ServiceProcess;

  before(async () => {
    sources = mkdtempSync(join(tmpdir(), 'pkg-faults-'));
    for (const name of ['api', 'jobs', 'cron']) {
      mkdirSync(join(sources, name), { recursive: true });
      writeFileSync(join(sources, name, 'server.js'), `console.log(${JSON.stringify(name)})\n`);
    }
    s3dir = mkdtempSync(join(tmpdir(), 'pkg-faults-s3-'));
    s3port = await freePort();
    s3 = await startS3rver(s3dir, s3port);
    const db = await emptyRedisDb();
    redis = db.redis;
    const s3env = {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: '127.0.0.1',
      S3_PORT: String(s3port),
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: `faults-${s3port}`,
    };
    const common = { REDIS_URL: db.url, PACKAGING_SOURCE_ROOT: sources, PLUGINS_DIR: join(root, 'plugins'), PACKAGING_RETRY_DELAY_MS: '500', PACKAGING_BUILD_ATTEMPTS: '5' };
    // The plugin registry keeps its local storage: the outage is the packages', not the plugins'.
    stack = await startStack(['gateway', 'packaging'], { ...common, ...s3env, PACKAGING_RECONCILE_MS: '1000' });
    const registry = await startServiceProcess('plugin-registry', root, { ...stack.run.env, ...common, LOG_LEVEL: 'info' });
    stack.processes.set('plugin-registry', registry);
    // Started after the packaging service migrated the database (two processes migrating at once race).
    workerEnv = { ...stack.run.env, ...common, ...s3env, LOG_LEVEL: 'info' };
    worker = await startServiceProcess('packaging-worker', root, workerEnv);
    stack.processes.set('packaging-worker', worker);
    for (const p of [registry, worker]) await waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 60_000, () => p.output().slice(-3000));
  });
  after(async () => {
    if (s3) await stopProcess(s3);
    await worker?.stop('SIGKILL');
    await stack?.stop();
    await redis?.flushdb(); // this run's own db index (never 0)
    redis?.disconnect();
    rmSync(sources, { recursive: true, force: true });
    rmSync(s3dir, { recursive: true, force: true });
  });

  const submit = async (name: string) => {
    const created = await http('POST', `${stack.api}/v1/apps/shop/package-tasks`, { components: [{ name, type: 'process', source: { path: name }, options: { command: ['node', 'server.js'] } }] });
    assert.equal(created.status, 202, created.text);
    return created.json.id as string;
  };
  const read = async (id: string) => (await http('GET', `${stack.api}/v1/package-tasks/${id}`)).json;
  const finished = (id: string, timeoutMs = 90_000) => eventually(async () => ((await read(id)).state === 'running' ? undefined : read(id)), timeoutMs, `task ${id} to finish`);

  it('waits while object storage is down and completes once it is back', async () => {
    await stopProcess(s3!);
    const id = await submit('api');
    await eventually(async () => ((await read(id)).components[0].log.some((l: string) => l.includes('transient failure, will retry')) ? true : undefined), 30_000, 'a failed attempt');
    assert.equal((await read(id)).state, 'running', 'the task waits instead of failing');
    s3 = await startS3rver(s3dir, s3port);
    const done = await finished(id);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.ok(done.components[0].attempts >= 2, `attempts ${done.components[0].attempts}`);
    assert.match(done.components[0].sha256, /^[0-9a-f]{64}$/);
  });

  it('fails with a clear message when object storage stays down', async () => {
    await stopProcess(s3!);
    const id = await submit('jobs');
    const done = await finished(id);
    s3 = await startS3rver(s3dir, s3port);
    assert.equal(done.state, 'failed', JSON.stringify(done));
    const [jobs] = done.components;
    assert.equal(jobs.state, 'failed');
    assert.match(jobs.message, /^gave up after 5 attempts: .*(ECONNREFUSED|unreachable)/);
    assert.match(done.message, /1 of 1 components failed: jobs: gave up after 5 attempts/);
  });

  it('re-creates the jobs of running tasks after Redis lost its data', async () => {
    await worker.stop();
    const id = await submit('cron');
    assert.ok((await redis.dbsize()) > 0, 'the build job is in Redis');
    await redis.flushdb();
    worker = await startServiceProcess('packaging-worker', root, workerEnv);
    stack.processes.set('packaging-worker', worker);
    const done = await finished(id);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.equal(done.components[0].state, 'succeeded');
    assert.equal(done.components[0].attempts, 1, 'built once, from the re-created job');
  });
});
