// Packaging benchmark: (1) a 1 GiB component source packaged and stored — worker RSS
// growth and throughput against a plain file copy of the same bytes, measured in this
// run; (2) 100 package tasks submitted at once — all complete, time to drain.
// Needs the local MariaDB/Redis/NATS and a build (npm run build). Ends with one JSON line.
import { closeSync, copyFileSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { packDirectory, sha256OfStream } from '@appmanager/artifacts';
import { createTestRun, eventually, repoRoot, startServiceProcess, waitForHttp } from '@appmanager/testing';

const root = repoRoot(import.meta.dirname);
const GiB = 1024 ** 3;
const sizeBytes = Number(process.env.BENCH_SOURCE_BYTES ?? GiB);
const work = mkdtempSync(join(tmpdir(), 'bench-packaging-'));
const run = createTestRun('bench');
const procs = [];
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
};

try {
  // A 1 GiB source: pseudo-random blocks (little compressible, like build output).
  const src = join(work, 'big', 'svc');
  mkdirSync(src, { recursive: true });
  const block = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = openSync(join(src, 'blob.bin'), 'w');
  for (let written = 0; written < sizeBytes; written += block.length) {
    block.writeUInt32LE(written, 0);
    writeSync(fd, block, 0, Math.min(block.length, sizeBytes - written));
  }
  closeSync(fd);
  mkdirSync(join(work, 'small'), { recursive: true });
  writeFileSync(join(work, 'small', 'server.js'), 'console.log(1)\n');

  let started = performance.now();
  copyFileSync(join(src, 'blob.bin'), join(work, 'copy.bin'));
  const copyMs = performance.now() - started;
  rmSync(join(work, 'copy.bin'));

  // Stages alone, in this process, to see which one bounds the worker: the pack itself
  // (into nothing) and the sha256 every store put computes.
  const discard = () => new Writable({ highWaterMark: 1024 * 1024, write: (_chunk, _enc, cb) => cb() });
  started = performance.now();
  await pipeline(packDirectory(src, { compression: 'auto' }), discard());
  const packOnlyMs = performance.now() - started;
  started = performance.now();
  await sha256OfStream(createReadStream(join(src, 'blob.bin'), { highWaterMark: 1024 * 1024 }));
  const sha256Ms = performance.now() - started;

  const env = { ...run.env, PACKAGING_SOURCE_ROOT: work, PLUGINS_DIR: join(root, 'plugins'), LOG_LEVEL: 'warn', PACKAGING_CONCURRENCY: '8' };
  // packaging migrates its database before the worker starts: two processes running the
  // same migrations at once race on CREATE TABLE (MySQL DDL is not transactional).
  for (const names of [['gateway', 'plugin-registry', 'packaging'], ['packaging-worker']]) {
    const started = await Promise.all(names.map((name) => startServiceProcess(name, root, env)));
    procs.push(...started);
    await Promise.all(started.map((p) => waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 60_000, () => p.output().slice(-2000))));
  }
  const api = `http://127.0.0.1:${procs[0].port}`;
  const worker = procs[3];
  const post = (body) => fetch(`${api}/v1/apps/big/package-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const wait = (id, ms) => eventually(async () => {
    const t = await (await fetch(`${api}/v1/package-tasks/${id}`)).json();
    return t.state === 'running' ? undefined : t;
  }, ms, `task ${id}`);

  // Warm the worker (plugin load, connections) so RSS growth is the build's own.
  await wait((await post({ components: [{ name: 'warm', type: 'process', source: { path: 'small' }, options: { command: ['true'] } }] })).id, 60_000);
  const rssBefore = rssOf(worker.child.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(worker.child.pid))), 100);
  started = performance.now();
  const bigTask = await wait((await post({ components: [{ name: 'svc', type: 'process', source: { path: 'big/svc' }, options: { command: ['true'] } }] })).id, 1_800_000);
  const packMs = performance.now() - started;
  clearInterval(sampler);
  if (bigTask.state !== 'succeeded') throw new Error(`1 GiB task failed: ${bigTask.message}`);

  // 100 tasks at once (distinct components so each one really builds).
  started = performance.now();
  const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => post({ components: [{ name: `c${i}`, type: 'process', source: { path: 'small' }, options: { command: ['true'], n: i } }] }).then((t) => t.id)));
  const results = await Promise.all(ids.map((id) => wait(id, 600_000)));
  const drainMs = performance.now() - started;
  const succeeded = results.filter((t) => t.state === 'succeeded').length;

  const mib = (b) => Math.round((b / 1024 ** 2) * 10) / 10;
  const line = {
    bench: 'packaging',
    sourceBytes: sizeBytes,
    copyMBps: Math.round(sizeBytes / 1e6 / (copyMs / 1000)),
    packageMBps: Math.round(sizeBytes / 1e6 / (packMs / 1000)),
    throughputVsCopy: Math.round((copyMs / packMs) * 1000) / 1000,
    packOnlyMBps: Math.round(sizeBytes / 1e6 / (packOnlyMs / 1000)),
    sha256MBps: Math.round(sizeBytes / 1e6 / (sha256Ms / 1000)),
    workerRssBeforeMiB: mib(rssBefore),
    workerRssGrowthMiB: mib(rssPeak - rssBefore),
    archiveBytes: bigTask.components[0].size,
    tasks: 100,
    tasksSucceeded: succeeded,
    drainMs: Math.round(drainMs),
  };
  console.log(`1 GiB: copy ${line.copyMBps} MB/s, package+store ${line.packageMBps} MB/s (${line.throughputVsCopy} of copy), worker RSS +${line.workerRssGrowthMiB} MiB`);
  console.log(`stages alone: pack ${line.packOnlyMBps} MB/s, sha256 ${line.sha256MBps} MB/s; archive ${line.archiveBytes} bytes`);
  console.log(`100 tasks: ${succeeded} succeeded, drained in ${line.drainMs} ms`);
  console.log(JSON.stringify(line));
} finally {
  await Promise.all(procs.map((p) => p.stop()));
  await run.cleanup().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
