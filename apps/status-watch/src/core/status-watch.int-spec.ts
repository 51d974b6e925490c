import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { componentDeployedEvent, instanceHealthChangedEvent, processExitedEvent, type EventEnvelope } from '@appmanager/contracts';
import { connectNats, createRedisClient, EventBus, type NatsConnection, type Redis } from '@appmanager/messaging';
import { openServiceDatabase, ProcessedEventsStore, statusWatchSchema, type Database } from '@appmanager/persistence';
import { createTestRun, eventually, type TestRun } from '@appmanager/testing';
import { loadStatusWatchSettings } from '../settings/status-watch-settings.js';
import { ScriptedProbe } from './scripted-probe.js';
import { createStatusWatchCore, type StatusWatchCore } from './status-watch-core.js';

type HealthEvent = EventEnvelope<{ scope: 'component' | 'app'; id: string; app: string; component: string | null; health: string }>;

interface Replica {
  core: StatusWatchCore;
  close(): Promise<void>;
}

describe('status-watch against real MySQL, Redis and NATS', () => {
  let run: TestRun;
  let config: ReturnType<typeof loadConfig<typeof infraEnvSchema>>;
  let nc: NatsConnection;
  let bus: EventBus;
  let db: Database;
  let redis: Redis;
  const probe = new ScriptedProbe();
  const seen: HealthEvent[] = [];
  const replicas: Replica[] = [];
  // A dedicated Redis db index so this test may FLUSHDB it (never db 0).
  const redisDb = randomInt(1, 16);

  const env = {
    STATUS_PULL_TIERS: '100ms*3,300ms*6,1s',
    STATUS_LEASE: '1500ms',
    STATUS_CHECK_TIMEOUT: '300ms',
    STATUS_IDLE_POLL: '50ms',
    STATUS_RECONCILE_INTERVAL: '1s',
    STATUS_APP_DEBOUNCE: '40ms',
    STATUS_APP_MAX_WAIT: '250ms',
    STATUS_WATCH_PROBE_INTERVAL: '500ms',
  };

  async function startReplica(name: string, replicaProbe = probe, options: { pull?: boolean } = {}): Promise<Replica> {
    const replicaDb = await openServiceDatabase(config, statusWatchSchema);
    const replicaNc = await connectNats(config.NATS_URL, name);
    const events = await EventBus.create(replicaNc, config.NATS_PREFIX, 'status-watch');
    const replicaRedis = createRedisClient(config.REDIS_URL);
    const core = createStatusWatchCore({
      db: replicaDb,
      redis: replicaRedis,
      redisPrefix: config.REDIS_PREFIX,
      events,
      processed: new ProcessedEventsStore(replicaDb),
      probe: replicaProbe,
      settings: loadStatusWatchSettings({ ...process.env, ...env }),
      replicaId: name,
      streamProbe: async () => void (await replicaNc.rtt()),
    });
    await core.start(options);
    const replica = {
      core,
      close: async () => {
        await core.stop();
        await events.close();
        await replicaNc.close();
        replicaRedis.disconnect();
        await replicaDb.destroy();
      },
    };
    replicas.push(replica);
    return replica;
  }

  const deploy = (app: string, component: string, plugin = 'web') =>
    bus.publish(componentDeployedEvent, {
      orderId: randomUUID(),
      app,
      cluster: 'local',
      namespace: 'default',
      stage: 'dev',
      component,
      plugin: { name: plugin, version: '1.0.0' },
      revision: 1,
      outputs: { url: `http://127.0.0.1/${component}` },
    });

  const componentRow = async (app: string, component: string) => {
    const [row] = (await db.query('SELECT id, health, message, mode, checks, last_check_at AS lastCheckAt FROM component_instance WHERE app = ? AND component = ?', [app, component])) as Array<{
      id: string;
      health: string;
      message: string | null;
      mode: string;
      checks: number;
      lastCheckAt: Date | null;
    }>;
    return row;
  };
  const appHealth = async (app: string) => ((await db.query('SELECT health FROM app_instance WHERE app = ?', [app])) as Array<{ health: string }>)[0]?.health;

  before(async () => {
    run = createTestRun('sw');
    Object.assign(run.env, { REDIS_URL: `redis://127.0.0.1:6379/${redisDb}` });
    config = loadConfig(infraEnvSchema, { ...process.env, ...run.env });
    nc = await connectNats(config.NATS_URL, 'sw-test');
    bus = await EventBus.create(nc, config.NATS_PREFIX, 'deployment');
    bus.subscribeLive(instanceHealthChangedEvent.type, (event) => seen.push(event as HealthEvent));
    db = await openServiceDatabase(config, statusWatchSchema);
    redis = createRedisClient(config.REDIS_URL);
    await startReplica('replica-a');
  });

  after(async () => {
    for (const replica of replicas) await replica.close().catch(() => undefined);
    await bus.close();
    await nc.close();
    redis.disconnect();
    await db.destroy();
    // The test run cleans keys of its prefix in db 0; this run's keys live in its own db.
    const cleaner = createRedisClient(config.REDIS_URL);
    const keys = await cleaner.keys(`${config.REDIS_PREFIX}:*`);
    if (keys.length) await cleaner.del(...keys);
    cleaner.disconnect();
    await run.cleanup();
  });

  it('turns component.deployed into instances, checks them, folds app health and publishes changes', async () => {
    await deploy('shop', 'api');
    await deploy('shop', 'worker');
    await eventually(async () => ((await appHealth('shop')) === 'healthy' ? true : undefined), 10_000, 'shop healthy');
    const api = await componentRow('shop', 'api');
    assert.equal(api.health, 'healthy');
    assert.equal(api.mode, 'pull', 'a plugin without watch is pulled');
    assert.ok(api.lastCheckAt, 'the check time is recorded');
    // The row is written before the event goes out: wait for the event rather than race it.
    const appEvents = () => seen.filter((e) => e.data.scope === 'app' && e.data.app === 'shop').map((e) => e.data.health);
    await eventually(async () => (appEvents().at(-1) === 'healthy' ? true : undefined), 5_000, 'the app health event');
    assert.equal(appEvents().at(-1), 'healthy');
    const replica = replicas[0]!;
    const [appRow] = await replica.core.apps.list({ app: 'shop', limit: 1 });
    const history = await replica.core.history.list(appRow!.id, 50);
    assert.ok(history.some((h) => h.scope === 'component' && h.component === 'api' && h.previousHealth === 'progressing' && h.health === 'healthy'));
    assert.ok(history.some((h) => h.scope === 'app' && h.health === 'healthy'));
  });

  it('a health check that throws or times out makes only that instance unknown, with the message', async () => {
    probe.throws.add('flaky');
    probe.hangs.add('stuck');
    await deploy('mixed', 'flaky');
    await deploy('mixed', 'stuck');
    await deploy('mixed', 'fine');
    const flaky = await eventually(async () => ((await componentRow('mixed', 'flaky'))?.health === 'unknown' ? componentRow('mixed', 'flaky') : undefined), 10_000, 'flaky unknown');
    assert.match(flaky.message ?? '', /threw: connection refused/);
    const stuck = await eventually(async () => ((await componentRow('mixed', 'stuck'))?.health === 'unknown' ? componentRow('mixed', 'stuck') : undefined), 10_000, 'stuck unknown');
    assert.match(stuck.message ?? '', /did not answer within 300 ms/);
    // Each instance is checked on its own schedule: `fine` may not have had its first check yet.
    const fine = await eventually(async () => ((await componentRow('mixed', 'fine'))?.health !== 'progressing' ? componentRow('mixed', 'fine') : undefined), 10_000, 'fine checked');
    assert.equal(fine.health, 'healthy', 'the failing checks of the others do not touch it');
    // The app fold runs after a debounce: wait for it rather than read the row mid-fold.
    await eventually(async () => ((await appHealth('mixed')) === 'unknown' ? true : undefined), 5_000, 'mixed unknown');
  });

  it('ignores an event for an unknown plugin or process key, saying why', async () => {
    probe.unknownPlugins.add('mystery');
    const replica = replicas[0]!;
    const before = replica.core.deployed.stats.ignored;
    await deploy('ghost', 'thing', 'mystery');
    await bus.publish(processExitedEvent, { key: 'nobody/local/default/dev/none', pid: 1, port: null, exitCode: 1, signal: null, state: 'failed', message: 'exited 1' });
    await eventually(async () => (replica.core.deployed.stats.ignored > before && replica.core.localWatch.stats.ignored > 0 ? true : undefined), 10_000, 'both ignored');
    assert.equal(await appHealth('ghost'), undefined, 'no instance was created');
  });

  it('a crashed process turns its instance unhealthy with one watch event', async () => {
    await deploy('local-app', 'server', 'process');
    await eventually(async () => ((await componentRow('local-app', 'server'))?.health === 'healthy' ? true : undefined), 10_000, 'server healthy');
    assert.equal((await componentRow('local-app', 'server')).mode, 'watch');
    await bus.publish(processExitedEvent, { key: 'local-app/local/default/dev/server', pid: 42, port: null, exitCode: null, signal: 'SIGKILL', state: 'failed', message: 'killed by SIGKILL' });
    const row = await eventually(async () => ((await componentRow('local-app', 'server'))?.health === 'unhealthy' ? componentRow('local-app', 'server') : undefined), 5_000, 'unhealthy');
    assert.equal(row.message, 'killed by SIGKILL');
    await eventually(async () => ((await appHealth('local-app')) === 'unhealthy' ? true : undefined), 5_000, 'app unhealthy');
  });

  it('a killed replica: the others check its claimed instances once its lease runs out', async () => {
    const survivor = replicas[0]!;
    // The dead replica claimed everything (it was killed mid-round and never completes).
    await survivor.core.pull.stop();
    const ids = ((await db.query('SELECT id FROM component_instance')) as Array<{ id: string }>).map((r) => r.id);
    await survivor.core.schedule.schedule(ids.map((id): [string, number] => [id, Date.now()]));
    const deadClaims = await createStatusWatchCore({
      db,
      redis,
      redisPrefix: config.REDIS_PREFIX,
      events: bus,
      probe,
      settings: loadStatusWatchSettings({ ...process.env, ...env }),
      replicaId: 'dead',
      streamProbe: async () => undefined,
    }).schedule.claim(Date.now(), 10_000, 1_500);
    survivor.core.pull.start();
    assert.ok(deadClaims.ids.length > 0);
    const killedAt = new Date();
    await eventually(
      async () => {
        const rows = (await db.query('SELECT COUNT(*) AS n FROM component_instance WHERE id IN (?) AND last_check_at > ?', [deadClaims.ids, killedAt])) as Array<{ n: string }>;
        return Number(rows[0]!.n) === deadClaims.ids.length ? true : undefined;
      },
      // interval (≤ 1 s here) + lease (1.5 s) + slack, far under interval + 30 s
      15_000,
      'every instance of the dead replica checked again',
    );
    assert.ok(survivor.core.pull.stats.checks > 0);
  });

  it('Redis flushed: the schedule is rebuilt from MySQL and checks go on', async () => {
    const replica = replicas[0]!;
    const known = await replica.core.components.count();
    await redis.flushdb();
    await eventually(async () => ((await replica.core.schedule.size()) === known ? true : undefined), 10_000, 'schedule rebuilt');
    const after = new Date();
    await eventually(async () => {
      const rows = (await db.query('SELECT COUNT(*) AS n FROM component_instance WHERE last_check_at > ?', [after])) as Array<{ n: string }>;
      return Number(rows[0]!.n) > 0 ? true : undefined;
    }, 10_000, 'checks after the flush');
  });

  it('10,000 instances changing at once: one app update per app, no component change lost', async () => {
    const apps = 20;
    const perApp = 500;
    const now = new Date();
    // Seed directly (deploy events one by one would take most of the test's time); the
    // reconciler puts them on the schedule as it would after any Redis loss.
    for (let a = 0; a < apps; a++) {
      const appId = randomUUID();
      await db.query(
        `INSERT INTO app_instance (id, app, cluster, namespace, stage, revision, health, message, component_count, health_changed_at, created_at, updated_at) VALUES (?, ?, 'local', 'default', 'dev', 1, 'healthy', NULL, ?, ?, ?, ?)`,
        [appId, `bulk-${a}`, perApp, now, now, now],
      );
      const rows = Array.from({ length: perApp }, (_, c) => [randomUUID(), appId, `bulk-${a}`, 'local', 'default', 'dev', `c${c}`, 'bulk', '1.0.0', 1, 'seed', '{}', 0, 'healthy', null, 'pull', 0, now, now, now, now]);
      await db.query(
        `INSERT INTO component_instance (id, app_instance_id, app, cluster, namespace, stage, component, plugin_name, plugin_version, revision, order_id, outputs, watchable, health, message, mode, checks, last_check_at, health_changed_at, created_at, updated_at) VALUES ?`,
        [rows],
      );
    }
    const replica = replicas[0]!;
    await replica.core.reconciler.rebuild('test seed');
    seen.length = 0;
    probe.defaultHealth = { health: 'unhealthy', message: 'flipped' };
    await eventually(
      async () => {
        const rows = (await db.query("SELECT COUNT(*) AS n FROM component_instance WHERE plugin_name = 'bulk' AND health = 'unhealthy'")) as Array<{ n: string }>;
        return Number(rows[0]!.n) === apps * perApp ? true : undefined;
      },
      60_000,
      'all 10,000 unhealthy',
    );
    await eventually(async () => (seen.filter((e) => e.data.scope === 'app' && e.data.app.startsWith('bulk-')).length === apps ? true : undefined), 10_000, 'app events');
    await new Promise((r) => setTimeout(r, 500));
    const appEvents = seen.filter((e) => e.data.scope === 'app' && e.data.app.startsWith('bulk-'));
    const componentEvents = seen.filter((e) => e.data.scope === 'component' && e.data.app.startsWith('bulk-'));
    assert.equal(appEvents.length, apps, 'exactly one app update per app');
    assert.ok(appEvents.every((e) => e.data.health === 'unhealthy'));
    assert.equal(new Set(componentEvents.map((e) => e.data.id)).size, apps * perApp, 'every component change was published');
    probe.defaultHealth = { health: 'healthy', message: 'ok' };
  });

  it('deleting an app instance destroys each component and forgets it', async () => {
    const replica = replicas[0]!;
    const [shop] = await replica.core.apps.list({ app: 'shop', limit: 1 });
    const result = await replica.core.deleteInstance.execute(shop!.id);
    assert.equal(result.deleted, true);
    assert.deepEqual(probe.destroyed.sort(), ['api', 'worker']);
    assert.equal(await appHealth('shop'), undefined);
    assert.equal(await componentRow('shop', 'api'), undefined);
  });
});
