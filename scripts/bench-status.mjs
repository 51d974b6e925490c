// Status-watch benchmark: 100,000 component instances in ONE replica. The replica runs as
// its own process (this script re-run with --replica: the real scheduler, MySQL stores,
// NATS events and app folding; only the plugin is a synthetic one whose health this
// script controls over IPC, no isolate), so CPU (/proc/<pid>/stat) and RSS
// (/proc/<pid>/status) are the replica's alone, not this script's observers.
// Phases:
//   floor  — raw Redis ZADD/ZRANGEBYSCORE for the same schedule;
//   steady — REAL time (scale 1): instances seeded at the slow tier (checks 420 → every
//            5 min), due spread over the 5-minute interval (≈333 checks/s), CPU and RSS
//            over BENCH_STEADY_S (default 60 s);
//   flip   — real time by default, same replica (BENCH_FLIP_TIME_SCALE < 1: a new replica
//            with compressed time, labelled so in the output); 1% flipped to unhealthy,
//            detection measured against each instance's actual next due time after the
//            flip (for an instance whose check was in flight at the flip: the due time its
//            completion set, or the flip itself if that in-flight check already saw the
//            flip), for those due within BENCH_FLIP_WINDOW_S (75 s); then the interval the
//            flipped ones are checked at (fast tier expected);
//   watch  — process exited event → published app health change (same replica as flip),
//            BENCH_WATCH_EVENTS (300) events, one every BENCH_WATCH_GAP_MS (10 ms);
//            only the watched apps' changes count (AppChangeTally), each instance is flipped
//            just before its event, and apps a pull check changed first are reported apart.
// Run after building: npm run bench:status   (human lines, then one JSON line)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { infraEnvSchema, loadConfig, serviceNodeFlags } from '@appmanager/config';
import { instanceHealthChangedEvent, processExitedEvent } from '@appmanager/contracts';
import { connectNats, createRedisClient, EventBus, deleteStreamsWithPrefix } from '@appmanager/messaging';
import { openServiceDatabase, ProcessedEventsStore, statusWatchSchema, dropDatabasesWithPrefix } from '@appmanager/persistence';
import { createStatusWatchCore } from '../apps/status-watch/dist/core/status-watch-core.js';
import { ScriptedProbe } from '../apps/status-watch/dist/core/scripted-probe.js';
import { AppChangeTally } from '../apps/status-watch/dist/core/app-change-tally.js';
import { loadStatusWatchSettings } from '../apps/status-watch/dist/settings/status-watch-settings.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.argv.includes('--replica')) await runReplica();
else await runBench();

/** The status-watch replica under test (child process). IPC: flip keys, report stats, stop. */
async function runReplica() {
  const config = loadConfig(infraEnvSchema, process.env);
  const db = await openServiceDatabase(config, statusWatchSchema);
  const redis = createRedisClient(config.REDIS_URL);
  const nc = await connectNats(config.NATS_URL, 'bench-status-replica');
  const events = await EventBus.create(nc, config.NATS_PREFIX, 'status-watch');
  const probe = new ScriptedProbe();
  let flipped = new Set();
  const healthy = probe.health.bind(probe);
  probe.health = async (instance, timeoutMs) => (flipped.has(`${instance.app}/${instance.component}`) ? { health: 'unhealthy', message: 'flipped by bench' } : healthy(instance, timeoutMs));
  const core = createStatusWatchCore({
    db,
    redis,
    redisPrefix: config.REDIS_PREFIX,
    events,
    processed: new ProcessedEventsStore(db),
    probe,
    settings: loadStatusWatchSettings(process.env),
    replicaId: `bench-${process.pid}`,
    streamProbe: async () => void (await nc.rtt()),
  });
  const t = performance.now();
  await core.start();
  process.on('message', async (msg) => {
    if (msg.type === 'flip') {
      flipped = new Set(msg.keys);
      process.send({ type: 'flipped', at: Date.now() });
    } else if (msg.type === 'flip-add') {
      for (const key of msg.keys) flipped.add(key);
      process.send({ type: 'flipped', at: Date.now() });
    } else if (msg.type === 'stats') {
      process.send({ type: 'stats', checks: core.pull.stats.checks, claims: core.pull.stats.claims, folds: core.aggregator.stats.folds });
    } else if (msg.type === 'stop') {
      await core.stop();
      await events.close();
      await nc.close();
      redis.disconnect();
      await db.destroy();
      process.exit(0);
    }
  });
  process.send({ type: 'started', ms: performance.now() - t });
}

async function runBench() {
  const total = Number(process.env.BENCH_INSTANCES ?? 100_000);
  const perApp = 10;
  const steadySeconds = Number(process.env.BENCH_STEADY_S ?? 60);
  const flipScale = Number(process.env.BENCH_FLIP_TIME_SCALE ?? 1);
  // Flipped instances whose next check falls within this window after the flip are measured
  // (at real time a full slow interval would be 5 minutes; the lag does not depend on when
  // an instance is due, so a window is a fair sample).
  const flipWindowMs = Number(process.env.BENCH_FLIP_WINDOW_S ?? 75) * 1000;
  const watchEvents = Number(process.env.BENCH_WATCH_EVENTS ?? 300);
  const watchGapMs = Number(process.env.BENCH_WATCH_GAP_MS ?? 10);
  const id = `bs${Math.random().toString(16).slice(2, 8)}`;
  const redisDb = 1 + Math.floor(Math.random() * 15);
  const env = { ...process.env, DB_PREFIX: id, REDIS_PREFIX: id, NATS_PREFIX: id, REDIS_URL: `redis://127.0.0.1:6379/${redisDb}`, LOG_LEVEL: 'warn' };
  const replicaEnv = (scale) => ({ ...env, STATUS_TIME_SCALE: String(scale), STATUS_RECONCILE_INTERVAL: '60s', STATUS_WATCH_PROBE_INTERVAL: '1s' });
  const config = loadConfig(infraEnvSchema, env);
  const tiersAt = (scale) => loadStatusWatchSettings(replicaEnv(scale)).tiers;
  const slowMs = tiersAt(1).at(-1).intervalMs;
  const flipSlowMs = tiersAt(flipScale).at(-1).intervalMs;
  const flipFastMs = tiersAt(flipScale)[0].intervalMs;
  const round = (n, d = 1) => Number(n.toFixed(d));
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const log = (line) => console.log(line);
  const load = loadavg().map((n) => round(n, 2));

  log(`bench:status — ${total} instances, one replica process; load average ${load.join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);

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
  for (;;) {
    const ids = await redis.zrangebyscore(floorKey, '-inf', '+inf', 'LIMIT', 0, 500);
    if (ids.length === 0) break;
    await redis.zrem(floorKey, ...ids);
  }
  const floorClaimMs = performance.now() - t;
  await redis.del(floorKey);
  log(`floor: ZADD ${total} in ${round(floorZaddMs)} ms; ZRANGEBYSCORE+ZREM of all in batches of 500: ${round(floorClaimMs)} ms`);

  // ---- seed instances at the slow tier (checks 420), last checked uniformly over the last slow interval
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
  log(`seeded ${total} component instances in ${apps} apps at the slow tier (checks 420)`);

  const nc = await connectNats(config.NATS_URL, 'bench-status');
  const events = await EventBus.create(nc, config.NATS_PREFIX, 'bench');
  const detected = new Map();
  let watchTally = new AppChangeTally([]);
  events.subscribeLive(instanceHealthChangedEvent.type, (e) => {
    if (e.data.scope === 'component' && e.data.health === 'unhealthy' && !detected.has(e.data.id)) detected.set(e.data.id, Date.now());
    if (e.data.scope === 'app' && e.data.health === 'unhealthy') watchTally.changed(e.data.app, performance.now());
  });

  // ---- steady state at real time
  const steadyReplica = await startReplica(replicaEnv(1));
  log(`replica (scale 1, slow tier ${slowMs / 1000} s) started, schedule rebuilt from MySQL in ${round(steadyReplica.startMs)} ms`);
  await sleep(5_000);
  const hz = 100; // USER_HZ: /proc/<pid>/stat counts in 1/100 s on Linux
  const cpuTicks = () => readFileSync(`/proc/${steadyReplica.pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0);
  const procStatus = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${steadyReplica.pid}/status`, 'utf8'))[1]) * 1024;
  const ticks0 = cpuTicks();
  const checks0 = (await steadyReplica.ask('stats')).checks;
  const wall0 = performance.now();
  let rssMax = 0;
  while (performance.now() - wall0 < steadySeconds * 1000) {
    await sleep(500);
    rssMax = Math.max(rssMax, procStatus('VmRSS'));
  }
  const wall = performance.now() - wall0;
  const cpuPct = (((cpuTicks() - ticks0) / hz) * 1000 * 100) / wall;
  const checksPerS = (((await steadyReplica.ask('stats')).checks - checks0) / wall) * 1000;
  // VmHWM is updated lazily by the kernel: never report it below a sampled VmRSS.
  const rssPeak = Math.max(procStatus('VmHWM'), rssMax);
  log(
    `steady (real time, ${round(wall / 1000)} s window): ${round(checksPerS, 0)} checks/s (${round((total / slowMs) * 1000, 0)} expected), replica CPU ${round(cpuPct)}% of one core (limit 10%), RSS max ${round(rssMax / 1048576)} MiB in the window, peak ${round(rssPeak / 1048576)} MiB incl. start-up (limit 300 MiB)`,
  );

  // ---- flip 1%: same replica at real time, or (BENCH_FLIP_TIME_SCALE < 1) a new one with compressed time
  let flipReplica = steadyReplica;
  if (flipScale !== 1) {
    await steadyReplica.stop();
    await db.query('UPDATE component_instance SET last_check_at = NOW(3) - INTERVAL FLOOR(RAND() * ?) * 1000 MICROSECOND', [flipSlowMs]);
    const scheduleKeys = await redis.keys(`${id}:status:*`);
    if (scheduleKeys.length) await redis.del(...scheduleKeys);
    flipReplica = await startReplica(replicaEnv(flipScale));
    log(`flip and watch phases: COMPRESSED time, scale ${flipScale} (slow tier ${flipSlowMs / 1000} s, fast tier ${flipFastMs / 1000} s, ${round(total / flipSlowMs * 1000, 0)} checks/s); replica restarted in ${round(flipReplica.startMs)} ms`);
    await sleep(Math.min(5_000, flipSlowMs / 4));
  } else {
    log(`flip and watch phases: real time (slow tier ${flipSlowMs / 1000} s, fast tier ${flipFastMs / 1000} s), same replica; instances due within ${flipWindowMs / 1000} s of the flip are measured`);
  }
  const rows = await db.query("SELECT id, app, component FROM component_instance WHERE plugin_name = 'synthetic' ORDER BY RAND() LIMIT ?", [Math.floor(total / 100)]);
  detected.clear();
  const flipEpoch = (await flipReplica.ask('flip', { keys: rows.map((r) => `${r.app}/${r.component}`) }, 'flipped')).at;
  // Each flipped instance's reference: the first due time at or after the flip.
  const reference = new Map();
  const readScores = async (ids) => {
    const pipe = redis.pipeline();
    for (const i of ids) pipe.zscore(`${id}:status:due`, i);
    return (await pipe.exec()).map(([, score]) => (score === null ? null : Number(score)));
  };
  const dueAtFlip = await readScores(rows.map((r) => r.id));
  rows.forEach((r, i) => dueAtFlip[i] !== null && reference.set(r.id, Math.max(dueAtFlip[i], flipEpoch)));
  const inFlightAtFlip = rows.filter((r) => !reference.has(r.id)).map((r) => r.id);
  const windowEnd = flipEpoch + Math.min(flipWindowMs, flipSlowMs);
  const inWindow = () => rows.filter((r) => reference.has(r.id) && reference.get(r.id) <= windowEnd);
  const deadline = windowEnd + 5_000;
  while ((inWindow().some((r) => !detected.has(r.id)) || reference.size < rows.length || Date.now() < windowEnd) && Date.now() < deadline) {
    // In flight at the flip: either that check already saw the flip (detected, reference = flip),
    // or it completed healthy and put the instance back at its real next due time.
    const open = inFlightAtFlip.filter((i) => !reference.has(i));
    if (open.length) {
      const scores = await readScores(open);
      open.forEach((i, k) => {
        if (detected.has(i)) reference.set(i, flipEpoch);
        else if (scores[k] !== null && scores[k] > flipEpoch) reference.set(i, scores[k]);
      });
    }
    await sleep(50);
  }
  const measured = inWindow();
  const lags = measured.filter((r) => detected.has(r.id)).map((r) => detected.get(r.id) - reference.get(r.id)).sort((a, b) => a - b);
  const missed = measured.length - lags.length;
  // The interval the scheduler now uses for them: next due time − last check (fast tier expected).
  const sample = rows.filter((r) => detected.has(r.id)).slice(0, 200);
  const nextDue = await readScores(sample.map((r) => r.id));
  const lastChecks = sample.length ? await db.query('SELECT id, last_check_at AS at FROM component_instance WHERE id IN (?)', [sample.map((r) => r.id)]) : [];
  const lastCheckOf = new Map(lastChecks.map((r) => [r.id, new Date(r.at).getTime()]));
  const fastGaps = sample.map((r, i) => (nextDue[i] === null ? null : nextDue[i] - lastCheckOf.get(r.id))).filter((g) => g !== null && !Number.isNaN(g));
  log(
    `flip 1%${flipScale !== 1 ? ' (compressed time)' : ''} (${rows.length}; ${inFlightAtFlip.length} in flight at the flip; ${measured.length} due within the window): detected ${lags.length}, missed ${missed}; detection after the actual next due time p50 ${round(pct(lags, 50) ?? NaN)} ms, p99 ${round(pct(lags, 99) ?? NaN)} ms, max ${round(lags.at(-1) ?? NaN)} ms (limit 1000 ms); flipped ones now checked every ≤ ${round(Math.max(...fastGaps) / 1000, 2)} s (fast tier ${flipFastMs / 1000} s)`,
  );

  // ---- watch mode: process exited → published app health change (compressed-time replica)
  // Apps with a flipped component are left out: their app health may change because of the flip.
  const flippedApps = new Set(rows.map((r) => r.app));
  const watchRows = (
    await db.query("SELECT c.app, c.component FROM component_instance c JOIN app_instance a ON a.id = c.app_instance_id WHERE c.plugin_name = 'process' AND a.health = 'healthy' ORDER BY c.app LIMIT ?", [
      watchEvents * 2,
    ])
  )
    .filter((r) => !flippedApps.has(r.app))
    .slice(0, watchEvents);
  // Only the watched apps count: the flip phase's instances keep being detected (and their
  // apps changing) for a whole slow interval, and counting those app changes ended the wait
  // while the last few watched apps were still folding (reported as never updated).
  watchTally = new AppChangeTally(watchRows.map((r) => r.app));
  for (const r of watchRows) {
    // The synthetic plugin's health agrees with the crash (as the process plugin's would), so a
    // slow-band safety-net check does not report it healthy again mid-measurement. Flipped just
    // before its event: flipping all 300 up front let safety-net checks (5 min band, ~1% of
    // them within the 3 s of sending) see the crash first; such apps are counted as preempted.
    await flipReplica.ask('flip-add', { keys: [`${r.app}/${r.component}`] }, 'flipped');
    watchTally.sent(r.app, performance.now());
    await events.publish(processExitedEvent, { key: `${r.app}/local/default/dev/${r.component}`, pid: 1, port: null, exitCode: 1, signal: null, state: 'failed', message: 'crashed (bench)' });
    await sleep(watchGapMs);
  }
  const watchDeadline = performance.now() + 10_000;
  while (!watchTally.complete && performance.now() < watchDeadline) await sleep(50);
  const { latenciesMs: watchLat, preempted, missing: watchMissing } = watchTally.summary();
  log(
    `watch${flipScale !== 1 ? ' (compressed time)' : ''}: ${watchLat.length}/${watchRows.length} app changes after their event (${preempted.length} preempted by a pull check, ${watchMissing.length} missing after 10 s; one event every ${watchGapMs} ms); event → app health change p50 ${round(pct(watchLat, 50))} ms, p99 ${round(pct(watchLat, 99))} ms, max ${round(watchLat.at(-1) ?? NaN)} ms (limit 100 ms)`,
  );
  if (watchMissing.length > 0) {
    const stuck = await db.query('SELECT app, health, message, health_changed_at AS at FROM app_instance WHERE app IN (?)', [watchMissing]);
    log(`watch: apps without an app change: ${stuck.map((a) => `${a.app} (MySQL: ${a.health} since ${new Date(a.at).toISOString()}, ${a.message})`).join('; ')}`);
  }
  await flipReplica.stop();

  const result = {
    bench: 'status',
    instances: total,
    loadAvg1: load[0],
    floor: { zaddMs: round(floorZaddMs), claimAllMs: round(floorClaimMs) },
    steady: { timeScale: 1, slowTierS: slowMs / 1000, windowS: round(wall / 1000), checksPerS: round(checksPerS, 0), cpuPctOneCore: round(cpuPct), rssMaxMiB: round(rssMax / 1048576), rssPeakMiB: round(rssPeak / 1048576) },
    flip: { timeScale: flipScale, slowTierS: flipSlowMs / 1000, flipped: rows.length, measured: measured.length, missed, inFlightAtFlip: inFlightAtFlip.length, detected: lags.length, lagAfterDueP50Ms: round(pct(lags, 50) ?? NaN), lagAfterDueP99Ms: round(pct(lags, 99) ?? NaN), lagAfterDueMaxMs: round(lags.at(-1) ?? NaN), checkIntervalAfterS: round(Math.max(...fastGaps) / 1000, 2) },
    watch: { timeScale: flipScale, events: watchRows.length, appChanges: watchLat.length, preempted: preempted.length, missing: watchMissing.length, p50Ms: round(pct(watchLat, 50)), p99Ms: round(pct(watchLat, 99)), maxMs: round(watchLat.at(-1) ?? NaN) },
  };

  await events.close();
  const cleanup = await redis.keys(`${id}:*`);
  for (let i = 0; i < cleanup.length; i += 1000) await redis.del(...cleanup.slice(i, i + 1000));
  redis.disconnect();
  await db.destroy();
  await dropDatabasesWithPrefix(config, id);
  await deleteStreamsWithPrefix(nc, id);
  await nc.close();
  console.log(JSON.stringify(result));
  process.exit(0);
}

/** Forks the replica process and waits until it has rebuilt its schedule and started pulling. */
async function startReplica(env) {
  const child = fork(import.meta.filename, ['--replica'], { env, execArgv: [...serviceNodeFlags, ...(process.env.BENCH_REPLICA_NODE_FLAGS ?? '').split(' ').filter(Boolean)], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waitFor = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (msg) => msg.type === type && (child.off('message', onMessage), child.off('exit', onExit), resolve(msg));
      const onExit = (code) => reject(new Error(`the replica exited (${code}) before answering ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const started = await waitFor('started');
  return {
    pid: child.pid,
    startMs: started.ms,
    ask: (type, payload = {}, answer = type) => {
      const reply = waitFor(answer);
      child.send({ type, ...payload });
      return reply;
    },
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.send({ type: 'stop' }))),
  };
}
