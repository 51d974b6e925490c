// npm run bench:api — baseline figures for the foundation:
//   * time from spawning every service to all of them ready, and idle RSS of each and of the stack;
//   * GET /v1/deployments/{id} through gateway → NATS → deployment → MySQL under load
//     (autocannon, loopback, bounded), against its floor: a bare Fastify server sending
//     the same JSON document.
// Ends with one JSON line of the figures.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createTestRun, repoRoot, serviceEntryPoints, startServiceProcess, waitForHttp } from '@appmanager/testing';

const root = repoRoot(import.meta.dirname);
const durationSec = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
// PSS splits pages shared between processes (the node binary, shared libraries) among them:
// the honest share of the machine's memory each process costs.
const pssMiB = (pid) => Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
const load = (url) =>
  new Promise((resolve, reject) =>
    autocannon({ url, connections, duration: durationSec }, (err, result) => (err ? reject(err) : resolve(result))),
  );

const run = createTestRun('bench');
const env = { ...run.env, LOG_LEVEL: 'warn' };
const spawnedAt = performance.now();
const procs = await Promise.all(Object.keys(serviceEntryPoints).map((name) => startServiceProcess(name, root, env)));
await Promise.all(procs.map((p) => waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 90_000, () => p.output())));
const startupMs = Math.round(performance.now() - spawnedAt);
await new Promise((r) => setTimeout(r, 3_000)); // let start-up garbage settle
const idle = Object.fromEntries(procs.map((p) => [p.name, Math.round(rssMiB(p.child.pid))]));
const stackIdleMiB = Object.values(idle).reduce((a, b) => a + b, 0);
const stackIdlePssMiB = Math.round(procs.reduce((sum, p) => sum + pssMiB(p.child.pid), 0));
console.log(`stack of ${procs.length} processes ready in ${startupMs} ms; idle RSS (MiB):`, idle, `sum of RSS ${stackIdleMiB} MiB, sum of PSS ${stackIdlePssMiB} MiB`);

const api = `http://127.0.0.1:${procs.find((p) => p.name === 'gateway').port}`;
const put = await fetch(`${api}/v1/apps/hello`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: readFileSync(`${root}/examples/hello.yaml`) });
if (put.status !== 200) throw new Error(`PUT app: ${put.status} ${await put.text()}`);
const order = await (await fetch(`${api}/v1/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app: 'hello' }) })).json();
for (let i = 0; i < 100; i++) {
  const o = await (await fetch(`${api}/v1/deployments/${order.id}`)).json();
  if (o.state !== 'running' && o.state !== 'created') break;
  await new Promise((r) => setTimeout(r, 100));
}
const url = `${api}/v1/deployments/${order.id}`;
const body = await (await fetch(url)).text();

const floorServer = Fastify();
floorServer.get('/order', async (_req, reply) => reply.header('content-type', 'application/json').send(body));
await floorServer.listen({ port: 0, host: '127.0.0.1' });
const floorUrl = `http://127.0.0.1:${floorServer.server.address().port}/order`;
const floor = await load(floorUrl);
await floorServer.close();
console.log(`floor (bare Fastify, same JSON): ${Math.round(floor.requests.average)} req/s, p50 ${floor.latency.p50} ms, p99 ${floor.latency.p99} ms`);

const ours = await load(url);
console.log(`GET /v1/deployments/{id} (gateway→NATS→deployment→MySQL): ${Math.round(ours.requests.average)} req/s, p50 ${ours.latency.p50} ms, p99 ${ours.latency.p99} ms, errors ${ours.errors + ours.non2xx}`);
const loaded = Object.fromEntries(procs.map((p) => [p.name, Math.round(rssMiB(p.child.pid))]));

await Promise.all(procs.map((p) => p.stop()));
await run.cleanup();
console.log(
  JSON.stringify({
    bench: 'api',
    startupMs,
    stackIdleRssMiB: stackIdleMiB,
    stackIdlePssMiB,
    idleRssMiB: idle,
    rssAfterLoadMiB: loaded,
    reqPerSec: Math.round(ours.requests.average),
    p50Ms: ours.latency.p50,
    p99Ms: ours.latency.p99,
    errors: ours.errors + ours.non2xx,
    floor: { reqPerSec: Math.round(floor.requests.average), p50Ms: floor.latency.p50, p99Ms: floor.latency.p99 },
    connections,
    durationSec,
  }),
);
