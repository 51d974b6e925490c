// Status-watch benchmark: 100,000 component instances in ONE replica (the real scheduler,
// MySQL stores, NATS events and app folding; the plugin is a synthetic one whose health
// this script controls — no isolate). Phases: floor (raw Redis ZADD/ZRANGEBYSCORE for the
// same schedule), steady state at the slow tier (CPU, RSS), flip 1% to unhealthy
// (detection lag after each instance's due time, then fast tier), watch mode (process
// event → published app health change). Time is compressed by BENCH_TIME_SCALE (default
// 0.1: slow tier 30 s instead of 5 min, i.e. 10x the real steady check rate).
// Run after building: npm run bench:status   (human lines, then one JSON line)
import { randomUUID } from 'node:crypto';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { componentDeployedEvent, instanceHealthChangedEvent, processExitedEvent } from '@appmanager/contracts';
import { connectNats, createRedisClient, EventBus, deleteStreamsWithPrefix } from '@appmanager/messaging';
import { openServiceDatabase, ProcessedEventsStore, statusWatchSchema, dropDatabasesWithPrefix } from '@appmanager/persistence';
import { createStatusWatchCore } from '../apps/status-watch/dist/core/status-watch-core.js';
import { ScriptedProbe } from '../apps/status-watch/dist/core/scripted-probe.js';
import { loadStatusWatchSettings } from '../apps/status-watch/dist/settings/status-watch-settings.js';

void componentDeployedEvent;
const total = Number(process.env.BENCH_INSTANCES ?? 100_000);
const perApp = 10;
const scale = Number(process.env.BENCH_TIME_SCALE ?? 0.1);
const steadySeconds = Number(process.env.BENCH_STEADY_S ?? 30);
const watchEvents = Number(process.env.BENCH_WATCH_EVENTS ?? 300);
const id = `bs${Math.random().toString(16).slice(2, 8)}`;
const redisDb = 1 + Math.floor(Math.random() * 15);
const env = { ...process.env, DB_PREFIX: id, REDIS_PREFIX: id, NATS_PREFIX: id, REDIS_URL: `redis://127.0.0.1:6379/${redisDb}`, LOG_LEVEL: 'warn' };
const config = loadConfig(infraEnvSchema, env);
const settings = loadStatusWatchSettings({ ...env, STATUS_TIME_SCALE: String(scale), STATUS_IDLE_POLL: '100ms', STATUS_RECONCILE_INTERVAL: '60s', STATUS_WATCH_PROBE_INTERVAL: '1s' });
const slowMs = settings.tiers.at(-1).intervalMs;
const fastMs = settings.tiers[0].intervalMs;
const round = (n, d = 1) => Number(n.toFixed(d));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(line);

log(`bench:status — ${total} instances, one replica; time scale ${scale} (slow tier ${slowMs / 1000} s, fast tier ${fastMs / 1000} s)`);

// ---- floor: raw Redis cost of the same schedule
const redis = createRedisClient(config.REDIS_URL);
const floorKey = `${id}:floor`;
let t = performance.now();
for (let i = 0; i < total; i += 5_000) {
  const args = [];
  for (let j = i; j < Math.min(total, i + 5_000); j++) args.push(Date.now() + (j % slowMs), `i${j}`);
  await redis.zadd(floorKey, ...args);
}
const floorZaddMs = performance.now() - t;
t = performance.now();
let claimed = 0;
for (;;) {
  const ids = await redis.zrangebyscore(floorKey, '-inf', '+inf', 'LIMIT', 0, 500);
  if (ids.length === 0) break;
  await redis.zrem(floorKey, ...ids);
  claimed += ids.length;
}
const floorClaimMs = performance.now() - t;
await redis.del(floorKey);
log(`floor: ZADD ${total} in ${round(floorZaddMs)} ms; ZRANGEBYSCORE+ZREM of all in batches of 500: ${round(floorClaimMs)} ms (${round((claimed / floorClaimMs) * 1000, 0)}/s)`);

// ---- seed 100k instances at the slow tier, due uniformly over the next slow interval
const db = await openServiceDatabase(config, statusWatchSchema);
const now = Date.now();
const apps = total / perApp;
for (let a = 0; a < apps; a += 500) {
  const appRows = [];
  const compRows = [];
  for (let k = a; k < Math.min(apps, a + 500); k++) {
    const appId = randomUUID();
    appRows.push([appId, `app-${k}`, k < 1_000 ? 'local' : 'c1', 'default', 'dev', 1, 'healthy', null, perApp, new Date(now), new Date(now), new Date(now)]);
    for (let c = 0; c < perApp; c++) {
      const watch = k < 1_000 && c === 0;
      const last = new Date(now - Math.random() * slowMs);
      compRows.push([randomUUID(), appId, `app-${k}`, k < 1_000 ? 'local' : 'c1', 'default', 'dev', `c${c}`, watch ? 'process' : 'synthetic', '1.0.0', 1, 'seed', '{}', watch ? 1 : 0, 'healthy', null, watch ? 'watch' : 'pull', 420, last, last, last, last]);
    }
  }
  await db.query('INSERT INTO app_instance (id, app, cluster, namespace, stage, revision, health, message, component_count, health_changed_at, created_at, updated_at) VALUES ?', [appRows]);
  await db.query(
    'INSERT INTO component_instance (id, app_instance_id, app, cluster, namespace, stage, component, plugin_name, plugin_version, revision, order_id, outputs, watchable, health, message, mode, checks, last_check_at, health_changed_at, created_at, updated_at) VALUES ?',
    [compRows],
  );
}
log(`seeded ${total} component instances in ${apps} apps`);

const nc = await connectNats(config.NATS_URL, 'bench-status');
const events = await EventBus.create(nc, config.NATS_PREFIX, 'status-watch');
const probe = new ScriptedProbe();
const core = createStatusWatchCore({
  db,
  redis,
  redisPrefix: config.REDIS_PREFIX,
  events,
  processed: new ProcessedEventsStore(db),
  probe,
  settings,
  replicaId: 'bench',
  streamProbe: async () => void (await nc.rtt()),
});
const detected = new Map();
const appChanged = new Map();
const observer = await connectNats(config.NATS_URL, 'bench-observer');
const observerBus = await EventBus.create(observer, config.NATS_PREFIX, 'bench');
observerBus.subscribeLive(instanceHealthChangedEvent.type, (e) => {
  if (e.data.scope === 'component' && e.data.health === 'unhealthy') detected.set(e.data.id, performance.now());
  if (e.data.scope === 'app' && e.data.health === 'unhealthy' && !appChanged.has(e.data.app)) appChanged.set(e.data.app, performance.now());
});
t = performance.now();
await core.start();
log(`started (schedule rebuilt from MySQL) in ${round(performance.now() - t)} ms`);

// ---- steady state
await sleep(Math.min(5_000, slowMs / 4));
const cpu0 = process.cpuUsage();
const checks0 = core.pull.stats.checks;
const wall0 = performance.now();
let rssMax = 0;
while (performance.now() - wall0 < steadySeconds * 1000) {
  await sleep(500);
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
}
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - wall0;
const cpuPct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
const checksPerS = ((core.pull.stats.checks - checks0) / wall) * 1000;
log(`steady: ${round(checksPerS, 0)} checks/s (${round((total / slowMs) * 1000, 0)} expected), CPU ${round(cpuPct)}% of one core, RSS max ${round(rssMax / 1048576)} MiB (bench process incl. observer)`);

// ---- flip 1%
const flipped = [];
const rows = await db.query("SELECT id, app, component FROM component_instance WHERE plugin_name = 'synthetic' ORDER BY RAND() LIMIT ?", [Math.floor(total / 100)]);
const flipAt = performance.now();
const flipAtEpoch = Date.now();
for (const r of rows) {
  const dueAt = await core.schedule.dueAt(r.id);
  flipped.push({ ...r, dueOffset: dueAt === null ? 0 : Math.max(0, dueAt - flipAtEpoch) });
}
// Synthetic plugin: these component names in these apps now answer unhealthy.
const flippedKeys = new Set(rows.map((r) => `${r.app}/${r.component}`));
const originalHealth = probe.health.bind(probe);
probe.health = async (instance, timeoutMs) => (flippedKeys.has(`${instance.app}/${instance.component}`) ? { health: 'unhealthy', message: 'flipped by bench' } : originalHealth(instance, timeoutMs));
const deadline = flipAt + slowMs + 5_000;
while (detected.size < flipped.length && performance.now() < deadline) await sleep(200);
const lags = flipped.filter((f) => detected.has(f.id)).map((f) => detected.get(f.id) - flipAt - f.dueOffset).sort((a, b) => a - b);
const missed = flipped.length - lags.length;
const fastDue = [];
for (const f of flipped.slice(0, 100)) {
  const due = await core.schedule.dueAt(f.id);
  if (due !== null) fastDue.push(due - Date.now());
}
log(`flip 1% (${flipped.length}): detected ${lags.length}, missed ${missed}; lag after due time p50 ${round(pct(lags, 50) ?? NaN)} ms, p99 ${round(pct(lags, 99) ?? NaN)} ms, max ${round(lags.at(-1) ?? NaN)} ms (limit 1000 ms); next check of flipped ones within ${round(Math.max(...fastDue) / 1000, 2)} s (fast tier ${fastMs / 1000} s)`);

// ---- watch mode: process exited → published app health change
const watchRows = await db.query("SELECT c.app, c.component FROM component_instance c JOIN app_instance a ON a.id = c.app_instance_id WHERE c.plugin_name = 'process' AND a.health = 'healthy' ORDER BY c.app LIMIT ?", [watchEvents]);
appChanged.clear();
const sentAt = new Map();
for (const r of watchRows) {
  sentAt.set(r.app, performance.now());
  await events.publish(processExitedEvent, { key: `${r.app}/local/default/dev/${r.component}`, pid: 1, port: null, exitCode: 1, signal: null, state: 'failed', message: 'crashed (bench)' });
  await sleep(10);
}
const watchDeadline = performance.now() + 10_000;
while (appChanged.size < watchRows.length && performance.now() < watchDeadline) await sleep(50);
const watchLat = [...sentAt].filter(([app]) => appChanged.has(app)).map(([app, at]) => appChanged.get(app) - at).sort((a, b) => a - b);
log(`watch: ${watchLat.length}/${watchRows.length} app changes; event → app health change p50 ${round(pct(watchLat, 50))} ms, p99 ${round(pct(watchLat, 99))} ms (limit 100 ms)`);

const result = {
  bench: 'status',
  instances: total,
  timeScale: scale,
  slowTierS: slowMs / 1000,
  floor: { zaddMs: round(floorZaddMs), claimAllMs: round(floorClaimMs) },
  steady: { checksPerS: round(checksPerS, 0), cpuPctOneCore: round(cpuPct), rssMaxMiB: round(rssMax / 1048576) },
  flip: { flipped: flipped.length, detected: lags.length, lagAfterDueP99Ms: round(pct(lags, 99) ?? NaN), lagAfterDueMaxMs: round(lags.at(-1) ?? NaN), nextCheckWithinS: round(Math.max(...fastDue) / 1000, 2) },
  watch: { events: watchRows.length, appChanges: watchLat.length, p50Ms: round(pct(watchLat, 50)), p99Ms: round(pct(watchLat, 99)) },
};

await core.stop();
await events.close();
await observerBus.close();
const cleanup = await redis.keys(`${id}:*`);
if (cleanup.length) for (let i = 0; i < cleanup.length; i += 1000) await redis.del(...cleanup.slice(i, i + 1000));
redis.disconnect();
await db.destroy();
await dropDatabasesWithPrefix(config, id);
await deleteStreamsWithPrefix(nc, id);
await nc.close();
await observer.close();
console.log(JSON.stringify(result));
process.exit(0);
