import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { componentDeployedEvent, instanceHealthChangedEvent, type EventEnvelope } from '@appmanager/contracts';
import { connectNats, createRedisClient, EventBus, type NatsConnection, type Redis } from '@appmanager/messaging';
import { openServiceDatabase, ProcessedEventsStore, statusWatchSchema, type Database } from '@appmanager/persistence';
import { createTestRun, eventually, type TestRun } from '@appmanager/testing';
import { loadStatusWatchSettings } from '../settings/status-watch-settings.js';
import { ScriptedProbe } from './scripted-probe.js';
import { createStatusWatchCore, type StatusWatchCore } from './status-watch-core.js';

type HealthEvent = EventEnvelope<{ scope: 'component' | 'app'; id: string; app: string; health: string; previousHealth: string | null }>;

/** An app instance's life after deploy: launch attrs handed back to the plugin, and "no components for a while → deleted". */
describe('status-watch: launch attrs and empty apps (real MySQL, Redis, NATS)', () => {
  let run: TestRun;
  let nc: NatsConnection;
  let bus: EventBus;
  let db: Database;
  let redis: Redis;
  let core: StatusWatchCore;
  const probe = new ScriptedProbe();
  const seen: HealthEvent[] = [];

  before(async () => {
    run = createTestRun('swl');
    const config = loadConfig(infraEnvSchema, { ...process.env, ...run.env });
    nc = await connectNats(config.NATS_URL, 'swl-test');
    bus = await EventBus.create(nc, config.NATS_PREFIX, 'deployment');
    bus.subscribeLive(instanceHealthChangedEvent.type, (event) => seen.push(event as HealthEvent));
    db = await openServiceDatabase(config, statusWatchSchema);
    redis = createRedisClient(config.REDIS_URL);
    const settings = loadStatusWatchSettings({
      ...process.env,
      STATUS_PULL_TIERS: '100ms*3,1s',
      STATUS_IDLE_POLL: '50ms',
      STATUS_APP_DEBOUNCE: '20ms',
      // An empty app is deleted after 1.5 s here instead of 30 minutes; the sweep looks every 200 ms.
      STATUS_EMPTY_APP_DELETED_AFTER: '1500ms',
      STATUS_EMPTY_APP_SWEEP_INTERVAL: '200ms',
    });
    core = createStatusWatchCore({
      db,
      redis,
      redisPrefix: config.REDIS_PREFIX,
      events: bus,
      processed: new ProcessedEventsStore(db),
      probe,
      settings,
      replicaId: 'swl',
      streamProbe: async () => void (await nc.rtt()),
    });
    await core.start();
  });

  after(async () => {
    await core?.stop();
    await bus?.close();
    await nc?.close();
    redis?.disconnect();
    await db?.destroy();
    await run.cleanup();
  });

  const deploy = (app: string, component: string, extra: { attrs?: Record<string, unknown> } = {}) =>
    bus.publish(componentDeployedEvent, {
      orderId: randomUUID(),
      app,
      cluster: 'local',
      namespace: 'default',
      stage: 'dev',
      component,
      plugin: { name: 'web', version: '1.0.0' },
      revision: 1,
      outputs: { url: `http://127.0.0.1/${component}` },
      ...extra,
    });
  const appRow = async (app: string) =>
    ((await db.query('SELECT id, health, message, empty_since AS emptySince FROM app_instance WHERE app = ?', [app])) as Array<{ id: string; health: string; message: string | null; emptySince: Date | null }>)[0];

  it("stores what launch returned and hands it to health and destroy as attrs (outputs only for instances deployed without)", async () => {
    await deploy('attrs-app', 'api', { attrs: { key: 'attrs-app/api', pid: 4242 } });
    await deploy('attrs-app', 'legacy');
    await eventually(async () => ((await appRow('attrs-app'))?.health === 'healthy' ? true : undefined), 10_000, 'attrs-app healthy');
    const [stored] = (await db.query("SELECT launch_attrs AS attrs FROM component_instance WHERE app = 'attrs-app' AND component = 'api'")) as Array<{ attrs: unknown }>;
    assert.deepEqual(typeof stored!.attrs === 'string' ? JSON.parse(stored!.attrs) : stored!.attrs, { key: 'attrs-app/api', pid: 4242 });
    assert.deepEqual(probe.attrsSeen.get('api'), { key: 'attrs-app/api', pid: 4242 }, 'health got launch attrs, not the outputs');
    assert.deepEqual(probe.attrsSeen.get('legacy'), { url: 'http://127.0.0.1/legacy' }, 'an event without attrs falls back to the outputs');

    const app = await appRow('attrs-app');
    probe.attrsSeen.clear();
    const result = await core.deleteInstance.execute(app!.id);
    assert.equal(result.deleted, true);
    assert.deepEqual(probe.attrsSeen.get('api'), { key: 'attrs-app/api', pid: 4242 }, 'destroy got launch attrs');
  });

  it('an app left without components is marked deleted after the setting, with history and an event; an app with components is not', async () => {
    await deploy('emptied', 'web');
    await deploy('kept', 'web');
    await eventually(async () => ((await appRow('emptied'))?.health === 'healthy' && (await appRow('kept'))?.health === 'healthy' ? true : undefined), 10_000, 'both healthy');
    const emptied = (await appRow('emptied'))!;
    // Its last component goes away (the way a removed component's row would); the fold
    // that follows is the last thing that ever happens to this app by itself.
    const [component] = (await db.query("SELECT id FROM component_instance WHERE app = 'emptied'")) as Array<{ id: string }>;
    await db.query('DELETE FROM component_instance WHERE id = ?', [component!.id]);
    await core.schedule.remove([component!.id]);
    core.aggregator.markDirty(emptied.id);
    await eventually(async () => ((await appRow('emptied'))?.emptySince ? true : undefined), 5_000, 'the app seen empty');

    const deleted = await eventually(async () => {
      const row = await appRow('emptied');
      return row?.health === 'deleted' ? row : undefined;
    }, 10_000, 'the empty app marked deleted by the sweep');
    assert.match(deleted.message ?? '', /no component instances since/);
    const history = await core.history.list(emptied.id, 10);
    assert.equal(history[0]?.scope, 'app');
    assert.equal(history[0]?.health, 'deleted');
    assert.equal(history[0]?.previousHealth, 'unknown');
    await eventually(async () => (seen.some((e) => e.data.scope === 'app' && e.data.app === 'emptied' && e.data.health === 'deleted' && e.data.previousHealth === 'unknown') ? true : undefined), 5_000, 'the deleted event');
    assert.equal((await appRow('kept'))?.health, 'healthy', 'an app with components is left alone');
    assert.ok(core.emptyApps.stats.marked >= 1);

    // Deployed again later: the app comes back from deleted.
    await deploy('emptied', 'web');
    await eventually(async () => ((await appRow('emptied'))?.health === 'healthy' ? true : undefined), 10_000, 'emptied healthy again');
    assert.equal((await appRow('emptied'))?.emptySince, null);
  });
});
