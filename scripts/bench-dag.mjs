// npm run bench:dag — the DAG engine against the raw BullMQ floor, on this machine.
//
// Spawns the REAL plugin registry, deployment service and 2 deployment-worker processes
// (built dist, isolated by a bench prefix for MySQL databases, Redis keys, NATS subjects
// and object storage) and uploads a no-op component plugin package that is ready on its
// first `get` (test/dist/e2e/support) the way the gateway does: archive into object
// storage, then the registry's upload RPC (activate). Orders are created over NATS (the
// gateway adds nothing to the engine's figures). Measures:
//   floor   raw BullMQ: no-op jobs/s, one Worker (concurrency 32) on the same Redis;
//   wide    1,000 components as 10 layers x 100, each depending on 1-3 random components
//           of the layer before (2,000 DAG nodes: a gate + a component each);
//   sweep   the wide shape at widths 25 and 50 (how the delay follows the nodes ready at once);
//   chain   200 components, each depending on the one before (400 DAG nodes).
// For each: nodes/s end to end (create request -> order succeeded event), the queueing an
// ideal zero-overhead engine would see at that rate on the same graph, and the delay
// between a node's last predecessor finishing and its job starting (p50/p99, from the
// node rows' DATETIME(3) timings; gates are settled inline, so each component's job
// start is measured against the finish of the component(s) it waits for).
// Requires `npm run build` first. Prints figures, then one JSON line {"bench":"dag",...}.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { createConnection } from 'mysql2/promise';

const root = new URL('..', import.meta.url).pathname;
const imp = (p) => import(join(root, p));
const { startServiceProcess, waitForHttp } = await imp('libs/testing/dist/index.js');
const { connectNats, RpcClient, deleteRedisKeys, redisOptionsFromUrl, deleteStreamsWithPrefix } = await imp('libs/messaging/dist/index.js');
const { dropDatabasesWithPrefix } = await imp('libs/persistence/dist/index.js');
const { createObjectStore } = await imp('libs/artifacts/dist/index.js');
const { infraEnvSchema, loadConfig } = await imp('libs/config/dist/index.js');
const contracts = await imp('libs/contracts/dist/index.js');
const { pluginArchive } = await imp('test/dist/e2e/support/plugin-packages.js');
const { noopComponent } = await imp('test/dist/e2e/support/test-plugins.js');

const id = `bdag${randomBytes(3).toString('hex')}`;
const storage = mkdtempSync(join(tmpdir(), `appmanager-${id}-`));
const env = { DB_PREFIX: id, REDIS_PREFIX: id, NATS_PREFIX: id, STORAGE_DIR: storage, LOG_LEVEL: 'warn', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '32' };
const config = loadConfig(infraEnvSchema, { ...process.env, ...env });
const log = (...a) => console.error(...a);

async function bullmqFloor(jobs = 5_000) {
  const connection = redisOptionsFromUrl(config.REDIS_URL);
  const name = 'floor';
  const queue = new Queue(name, { connection, prefix: `${id}f` });
  let done = 0;
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  const worker = new Worker(name, async () => undefined, { connection, prefix: `${id}f`, concurrency: 32 });
  worker.on('completed', () => ++done === jobs && resolveAll());
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < jobs; i += 1_000) await queue.addBulk(Array.from({ length: Math.min(1_000, jobs - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  await all;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { jobs, jobsPerSecond: Math.round(jobs / seconds) };
}

function application(name, components) {
  return JSON.stringify({ apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name }, spec: { components } });
}

function wideApp(layers = 10, width = 100, name = 'wide') {
  const components = [];
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < width; i++) {
      const deps = l === 0 ? [] : [...new Set(Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => `l${l - 1}-${Math.floor(Math.random() * width)}`))];
      components.push({ name: `l${l}-${i}`, type: 'noop', ...(deps.length ? { dependsOn: deps } : {}) });
    }
  }
  return application(name, components);
}

function chainApp(depth = 200) {
  return application('chain', Array.from({ length: depth }, (_, i) => ({ name: `c${i}`, type: 'noop', ...(i ? { dependsOn: [`c${i - 1}`] } : {}) })));
}

// Server-wide MySQL counters around a run: round trips, commits and redo-log fsyncs
// (innodb_flush_log_at_trx_commit=1, so each commit is an fsync). Global, so other work on
// the box adds to them: read them as an upper bound per node.
const statusNames = ['Questions', 'Com_commit', 'Handler_commit', 'Com_call_procedure', 'Com_update', 'Com_select', 'Innodb_data_fsyncs', 'Innodb_log_writes'];
async function dbStatus() {
  const db = await createConnection({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD });
  try {
    const [rows] = await db.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${statusNames.map(() => '?').join(',')})`, statusNames);
    return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
  } finally {
    await db.end();
  }
}
function perNode(before, after, nodes, components) {
  return Object.fromEntries(statusNames.map((n) => [n, { total: after[n] - before[n], perComponent: Number(((after[n] - before[n]) / components).toFixed(2)) }]));
}

// CPU seconds (user + system) each process spent during a run, from /proc: where the two
// cores went (our processes and the servers they share the box with).
const serverNames = ['mariadbd', 'mysqld', 'redis-server', 'nats-server'];
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
// Write syscalls (write/writev/sendmsg: each socket send) a process made, from /proc: on this
// VM a loopback send costs the sender ~0.1-0.3 ms of CPU, so they are worth counting.
function writeCalls(pid) {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
function cpuSnapshot() {
  const out = {};
  for (const [name, p] of Object.entries(cpuWatch)) out[name] = cpuSeconds(p);
  return out;
}
function writesSnapshot() {
  const out = {};
  for (const [name, p] of Object.entries(cpuWatch)) out[name] = writeCalls(p);
  return out;
}
const cpuWatch = {};
function watchServers() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (serverNames.includes(comm)) cpuWatch[comm] = pid;
    } catch {
      // the process ended while we looked
    }
  }
}
const cpuDelta = (before, after) => Object.fromEntries(Object.keys(after).map((k) => [k, Number((after[k] - (before[k] ?? 0)).toFixed(2))]));

/**
 * What an IDEAL engine would show on the same graph at the same throughput: no overhead at
 * all, `slots` job slots (workers x concurrency), each component holding its slot for
 * slots / componentsPerSecond seconds (Little's law at the measured rate), ready jobs taken
 * first in, first out (our queue's order). Returns the dependants' waits (ready -> start), sorted, in ms. It
 * separates what the engine's hand-off costs from queueing that any engine saturated at
 * this rate would see on this graph.
 */
function idealDependantWaits(nodes, slots, componentsPerSecond) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Component-level graph: a component waits on what its gate waits on.
  const deps = new Map();
  for (const n of nodes) {
    if (n.kind !== 'component') continue;
    deps.set(n.id, [...new Set(n.dependsOn.flatMap((p) => (byId.get(p).kind === 'gate' ? byId.get(p).dependsOn : [p])))]);
  }
  const dependants = new Map([...deps.keys()].map((id) => [id, []]));
  for (const [id, ds] of deps) for (const d of ds) dependants.get(d).push(id);
  const left = new Map([...deps].map(([id, ds]) => [id, ds.length]));
  const hold = (slots / componentsPerSecond) * 1000;
  const ready = [...deps.keys()].filter((id) => left.get(id) === 0).map((id) => ({ id, at: 0 }));
  const running = []; // finish times, kept sorted
  const waits = [];
  let now = 0;
  let head = 0;
  while (head < ready.length || running.length > 0) {
    while (running.length < slots && head < ready.length) {
      const job = ready[head++];
      if (deps.get(job.id).length > 0) waits.push(now - job.at);
      const end = now + hold;
      let i = running.length;
      while (i > 0 && running[i - 1].end > end) i--;
      running.splice(i, 0, { end, id: job.id });
    }
    const done = running.shift();
    now = done.end;
    for (const next of dependants.get(done.id)) {
      left.set(next, left.get(next) - 1);
      if (left.get(next) === 0) ready.push({ id: next, at: now });
    }
  }
  return waits.sort((a, b) => a - b);
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);

async function runOrder(rpc, nc, app, text) {
  await rpc.call(contracts.putAppRpc, { app, text, format: 'json', author: 'bench' }, { timeoutMs: 120_000 });
  const subject = contracts.eventSubject(id, contracts.orderChangedEvent.type);
  let orderId;
  let finishedAt;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const early = [];
  const sub = nc.subscribe(subject, {
    callback: (_err, msg) => {
      const event = JSON.parse(new TextDecoder().decode(msg.data));
      if (['succeeded', 'failed'].includes(event.data.state)) {
        if (orderId === undefined) early.push(event);
        else if (event.data.orderId === orderId) {
          finishedAt = performance.now();
          resolveDone(event.data);
        }
      }
    },
  });
  const statusBefore = await dbStatus();
  const cpuBefore = cpuSnapshot();
  const writesBefore = writesSnapshot();
  const started = performance.now();
  const order = await rpc.call(contracts.createDeploymentRpc, { app }, { timeoutMs: 120_000 });
  orderId = order.id;
  const createMs = performance.now() - started;
  const earlyHit = early.find((e) => e.data.orderId === orderId);
  if (earlyHit) finishedAt = performance.now();
  const outcome = earlyHit ? earlyHit.data : await done;
  sub.unsubscribe();
  const cpuAfter = cpuSnapshot();
  const writesAfter = writesSnapshot();
  const statusAfter = await dbStatus();
  const full = await rpc.call(contracts.getDeploymentRpc, { id: orderId }, { timeoutMs: 60_000 });
  const byId = new Map(full.nodes.map((n) => [n.id, n]));
  const delays = [];
  const toQueued = [];
  const queuedToStart = [];
  for (const node of full.nodes) {
    if (node.kind === 'gate' || !node.startedAt) continue;
    // A component's predecessor is its gate, settled inline when ITS predecessors finished: measure against those.
    const preds = node.dependsOn.flatMap((p) => (byId.get(p).kind === 'gate' ? (byId.get(p).dependsOn.length ? byId.get(p).dependsOn : [p]) : [p]));
    const last = Math.max(...preds.map((p) => Date.parse(byId.get(p).finishedAt)));
    delays.push(Date.parse(node.startedAt) - last);
    // Where the delay goes: the success write that starts the dependant (finish -> queued_at), then the queue and the claim.
    if (node.queuedAt) {
      toQueued.push(Date.parse(node.queuedAt) - last);
      queuedToStart.push(Date.parse(node.startedAt) - Date.parse(node.queuedAt));
    }
  }
  for (const list of [delays, toQueued, queuedToStart]) list.sort((a, b) => a - b);
  const seconds = (finishedAt - started) / 1000;
  const components = full.nodes.filter((n) => n.kind === 'component').length;
  // The ideal engine runs at the rate ours ran once nodes were running (planning the order is not queueing).
  const ran = full.nodes.filter((n) => n.kind === 'component' && n.startedAt && n.finishedAt);
  const runSeconds = (Math.max(...ran.map((n) => Date.parse(n.finishedAt))) - Math.min(...ran.map((n) => Date.parse(n.startedAt)))) / 1000;
  const ideal = idealDependantWaits(full.nodes, 2 * Number(env.WORKER_CONCURRENCY), components / runSeconds);
  return {
    state: outcome.state,
    nodes: full.nodes.length,
    components,
    createMs: Math.round(createMs),
    seconds: Number(seconds.toFixed(3)),
    nodesPerSecond: Math.round(full.nodes.length / seconds),
    componentsPerSecond: Math.round(full.nodes.filter((n) => n.kind === 'component').length / seconds),
    dependantStartMs: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: delays.at(-1) ?? null, samples: delays.length },
    dependantStartParts: {
      finishToQueuedMs: { p50: percentile(toQueued, 50), p99: percentile(toQueued, 99) },
      queuedToStartMs: { p50: percentile(queuedToStart, 50), p99: percentile(queuedToStart, 99) },
    },
    idealEngineDependantStartMs: { p50: Math.round(percentile(ideal, 50) ?? 0), p99: Math.round(percentile(ideal, 99) ?? 0) },
    cpuSeconds: cpuDelta(cpuBefore, cpuAfter),
    writeSyscallsPerComponent: Object.fromEntries(
      Object.keys(writesAfter).map((k) => [k, Number(((writesAfter[k] - (writesBefore[k] ?? 0)) / Math.max(1, full.nodes.filter((n) => n.kind === 'component').length)).toFixed(2))]),
    ),
    mysql: perNode(statusBefore, statusAfter, full.nodes.length, full.nodes.filter((n) => n.kind === 'component').length),
  };
}

/** Through the registry's own upload path: the archive in object storage, its key over RPC. */
async function uploadPlugins(rpc, plugins) {
  const storage = await createObjectStore(config);
  await storage.ensureReady();
  for (const plugin of plugins) {
    const uploadKey = `uploads/${randomUUID()}.tgz`;
    await storage.put(uploadKey, await pluginArchive(plugin), { contentType: 'application/gzip' });
    const result = await rpc.call(contracts.uploadPluginRpc, { uploadKey, activate: true }, { timeoutMs: 60_000 });
    log(`plugin ${result.plugin.kind}/${result.plugin.name}@${result.plugin.version} uploaded (active: ${result.activated})`);
  }
}

async function memoryOf(proc) {
  const text = await (await fetch(`http://127.0.0.1:${proc.port}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMiB: Math.round(read('process_resident_memory_bytes') / 1048576), heapUsedMiB: Math.round(read('nodejs_heap_size_used_bytes') / 1048576) };
}

const procs = [];
let registry;
let nc;
try {
  // Other work on the box moves every figure here: record how loaded it was.
  const loadBefore = loadavg().map((l) => Number(l.toFixed(2)));
  log(`bench prefix ${id}; load average ${loadBefore.join(' ')}; raw BullMQ floor…`);
  const floor = await bullmqFloor();
  log(`floor: ${floor.jobsPerSecond} no-op jobs/s`);

  registry = await startServiceProcess('plugin-registry', root, env);
  // BENCH_WORKER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the workers only.
  const workerEnv = process.env.BENCH_WORKER_NODE_OPTIONS ? { ...env, NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS } : env;
  for (const name of ['deployment', 'deployment-worker', 'deployment-worker']) procs.push(await startServiceProcess(name, root, name === 'deployment' ? env : workerEnv));
  await Promise.all([registry, ...procs].map((p) => waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 60_000, () => p.output().slice(-2000))));
  watchServers();
  cpuWatch.registry = registry.child.pid;
  procs.forEach((p, i) => (cpuWatch[i === 0 ? 'deployment' : `worker${i}`] = p.child.pid));
  nc = await connectNats(config.NATS_URL, `bench-${id}`);
  const rpc = new RpcClient(nc, id, 120_000);
  await uploadPlugins(rpc, [noopComponent]);

  log('warm-up (plugin isolates, connections)…');
  await runOrder(rpc, nc, 'warm', application('warm', Array.from({ length: 40 }, (_, i) => ({ name: `w${i}`, type: 'noop' }))));

  log('wide DAG: 1,000 components (10 x 100, random edges)…');
  const wide = await runOrder(rpc, nc, 'wide', wideApp());
  log(`wide mysql per component (global, upper bound): ${statusNames.map((n) => `${n} ${wide.mysql[n].perComponent}`).join(', ')}`);
  log(`wide CPU seconds: ${JSON.stringify(wide.cpuSeconds)}; write syscalls per component: ${JSON.stringify(wide.writeSyscallsPerComponent)}`);
  log(`wide: ${wide.state} ${wide.nodes} nodes in ${wide.seconds}s = ${wide.nodesPerSecond} nodes/s (${wide.componentsPerSecond} components/s); create ${wide.createMs} ms; dependant start p50 ${wide.dependantStartMs.p50} ms p99 ${wide.dependantStartMs.p99} ms (finish -> queued p50/p99 ${wide.dependantStartParts.finishToQueuedMs.p50}/${wide.dependantStartParts.finishToQueuedMs.p99} ms, queued -> started ${wide.dependantStartParts.queuedToStartMs.p50}/${wide.dependantStartParts.queuedToStartMs.p99} ms); an ideal zero-overhead engine at this rate with the same slots: p50 ${wide.idealEngineDependantStartMs.p50} ms p99 ${wide.idealEngineDependantStartMs.p99} ms`);

  // The same shape, narrower: the p99 follows how many nodes are ready at once (a dependant
  // readied behind a layer waits for the nodes ahead of it), not the hand-off (the chain's).
  const widthSweep = [];
  for (const width of [25, 50]) {
    const run = await runOrder(rpc, nc, `wide${width}`, wideApp(10, width, `wide${width}`));
    widthSweep.push({ width, state: run.state, componentsPerSecond: run.componentsPerSecond, dependantStartMs: run.dependantStartMs });
  }
  widthSweep.push({ width: 100, state: wide.state, componentsPerSecond: wide.componentsPerSecond, dependantStartMs: wide.dependantStartMs });
  log(`width sweep (10 layers, same edges rule): ${widthSweep.map((w) => `width ${w.width}: ${w.componentsPerSecond} components/s, p50/p99 ${w.dependantStartMs.p50}/${w.dependantStartMs.p99} ms`).join('; ')}`);

  log('chain: 200 components deep…');
  const chain = await runOrder(rpc, nc, 'chain', chainApp());
  log(`chain mysql per component (global, upper bound): ${statusNames.map((n) => `${n} ${chain.mysql[n].perComponent}`).join(', ')}`);
  log(`chain CPU seconds: ${JSON.stringify(chain.cpuSeconds)}`);
  log(`chain: ${chain.state} ${chain.nodes} nodes in ${chain.seconds}s; dependant start p50 ${chain.dependantStartMs.p50} ms p99 ${chain.dependantStartMs.p99} ms`);

  const memory = { deployment: await memoryOf(procs[0]), worker1: await memoryOf(procs[1]), worker2: await memoryOf(procs[2]) };
  log(`memory after the runs: ${JSON.stringify(memory)}`);
  console.log(
    JSON.stringify({
      bench: 'dag',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))) },
      workers: 2,
      workerConcurrency: Number(env.WORKER_CONCURRENCY),
      bullmqFloorJobsPerSecond: floor.jobsPerSecond,
      wide,
      widthSweep,
      chain,
      memory,
      targets: { wideNodesPerSecond: 1000, dependantStartP99Ms: 50, chainSeconds: 2 },
    }),
  );
} finally {
  await Promise.all([...procs, ...(registry ? [registry] : [])].map((p) => p.stop()));
  await nc?.close();
  await dropDatabasesWithPrefix(config, id).catch(() => undefined);
  for (const pattern of [`${id}:*`, `${id}f:*`]) await deleteRedisKeys(config.REDIS_URL, pattern);
  const cleanup = await connectNats(config.NATS_URL, `cleanup-${id}`);
  await deleteStreamsWithPrefix(cleanup, id);
  await cleanup.close();
  rmSync(storage, { recursive: true, force: true });
}
