import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { connectNats, EventBus, RpcClient, RpcServer, type NatsConnection } from '@appmanager/messaging';
import { createProcessesCapability, type ProcessScope as Scope } from '@appmanager/plugin-client';
import { compilePlugin, PluginRuntime, type HostCapabilities } from '@appmanager/plugin-runtime';
import type { ComponentStatus, HealthReport, JsonObject, PluginManifest, TraitResult } from '@appmanager/plugin-sdk';
import { createTestRun, eventually, repoRoot, type TestRun } from '@appmanager/testing';
import { registerProcessHandlers } from './process-rpc.handlers.js';
import { supervisorEnvSchema } from './supervisor-env.schema.js';
import { JetStreamProcessEvents } from './supervisor/process-events.js';
import { groupAlive } from './supervisor/process-liveness.js';
import { ProcessSupervisor } from './supervisor/process-supervisor.js';

const root = repoRoot(import.meta.dirname);

/** A plugin package exactly as it sits under plugins/: manifest + every source file, compiled like an upload. */
async function loadPluginPackage(name: string) {
  const dir = join(root, 'plugins', name);
  const manifest = parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8')) as PluginManifest;
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return { manifest, ...(await compilePlugin({ files, entry: manifest.entry })) };
}

/** The same fetch a worker grants: the runtime bridge enforces the manifest's http.allow first. */
const loopbackHttp: NonNullable<HostCapabilities['http']> = {
  async fetch(url, init) {
    const response = await fetch(url, { method: init?.method ?? 'GET', headers: init?.headers, body: init?.body, signal: AbortSignal.timeout(2_000) });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
};

describe('the process plugin through the plugin runtime, against a running supervisor', () => {
  let run: TestRun;
  let nc: NatsConnection;
  let bus: EventBus;
  let server: RpcServer;
  let rpc: RpcClient;
  let supervisor: ProcessSupervisor;
  const dirs: string[] = [];
  const runtime = new PluginRuntime({ timeoutMs: 10_000 });
  // The versions the packages on disk declare: the test runs exactly what is shipped.
  const shippedVersion = (name: string): string => (parse(readFileSync(join(root, 'plugins', name, 'manifest.yaml'), 'utf8')) as PluginManifest).version;
  const processRef = { kind: 'component' as const, name: 'process', version: shippedVersion('process') };
  const traitRef = { kind: 'trait' as const, name: 'http-endpoint', version: shippedVersion('http-endpoint') };
  const target = { cluster: 'local', clusterKind: 'local' as const, namespace: 'default', stage: 'dev' };
  const scope: Scope = { app: 'hello', cluster: 'local', namespace: 'default', stage: 'dev' };
  const caps = (s: Scope = scope): HostCapabilities => ({ processes: createProcessesCapability(rpc, s), http: loopbackHttp });

  const launch = (component: string, properties: JsonObject, nodeOrderId: string, s: Scope = scope) =>
    runtime.call<JsonObject>(processRef, 'launch', [{ app: s.app, component, target, properties, nodeOrderId, attempt: 1 }], { capabilities: caps(s) });
  const call = <T>(method: string, component: string, attrs: JsonObject, s: Scope = scope) =>
    runtime.call<T>(processRef, method, [{ app: s.app, component, target, properties: {}, attrs }], { capabilities: caps(s) });
  const getUntil = (component: string, attrs: JsonObject, done: (s: ComponentStatus) => boolean) =>
    eventually(async () => {
      const status = await call<ComponentStatus>('get', component, attrs);
      return done(status) ? status : undefined;
    }, 15_000, `${component} to settle`);

  before(async () => {
    run = createTestRun('procplug');
    const dataDir = mkdtempSync(join(tmpdir(), 'procplug-data-'));
    const workRoot = mkdtempSync(join(tmpdir(), 'procplug-work-'));
    dirs.push(dataDir, workRoot);
    nc = await connectNats(loadConfig(infraEnvSchema, { ...process.env, ...run.env }).NATS_URL, 'process-plugin-int');
    bus = await EventBus.create(nc, run.id, 'process-supervisor');
    const config = loadConfig(supervisorEnvSchema, { PROCESS_DATA_DIR: dataDir, PROCESS_WORK_ROOT: workRoot, PROCESS_PROBE_INTERVAL_MS: '100' });
    supervisor = new ProcessSupervisor(config, new JetStreamProcessEvents(bus));
    await supervisor.open();
    server = new RpcServer(nc, run.id);
    registerProcessHandlers(server, supervisor);
    rpc = new RpcClient(nc, run.id, 20_000);
    runtime.activate(await loadPluginPackage('process'));
    runtime.activate(await loadPluginPackage('http-endpoint'));
  });

  after(async () => {
    for (const p of supervisor.list()) await supervisor.stop(p.key, 200);
    supervisor.close();
    await server.close();
    await bus.close();
    await nc.drain();
    await run.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("runs examples/hello.yaml's component: launch, get until ready with a url that answers, health, destroy", async () => {
    const app = parse(readFileSync(join(root, 'examples/hello.yaml'), 'utf8')) as { spec: { parameters: JsonObject; components: { name: string; properties: JsonObject }[] } };
    const component = app.spec.components[0]!;
    // What the deployment engine hands over after resolving ${{ parameters.greeting }}.
    const properties = { ...component.properties, env: { GREETING: String(app.spec.parameters['greeting']) } };

    const attrs = await launch(component.name, properties, 'order-1');
    assert.equal(attrs['key'], 'api');
    const again = await launch(component.name, properties, 'order-1');
    assert.equal(again['pid'], attrs['pid'], 'a redelivered launch does not start a second process');

    const ready = await getUntil(component.name, attrs, (s) => s.phase !== 'progressing');
    assert.equal(ready.phase, 'ready', ready.message);
    const url = String(ready.outputs?.['url']);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await (await fetch(url)).text(), 'hello from AppManager');
    assert.equal((await supervisor.status('hello/local/default/dev/api')).pid, attrs['pid'], 'the key is scoped by the app instance');

    const trait = await runtime.call<TraitResult>(
      traitRef,
      'execute',
      [{ app: 'hello', component: 'api', componentType: 'process', target, stage: 'post', properties: { path: '/' }, componentProperties: properties, componentAttrs: attrs, componentOutputs: ready.outputs }],
      { capabilities: caps() },
    );
    assert.equal(trait?.outputs?.['url'], url);

    assert.equal((await call<HealthReport>('health', 'api', attrs)).health, 'healthy');
    await call('destroy', 'api', attrs);
    assert.equal(groupAlive(Number(attrs['pid'])), false);
    const gone = await call<ComponentStatus>('get', 'api', attrs);
    assert.equal(gone.phase, 'failed');
    assert.match(gone.message ?? '', /stopped on request/);
    assert.equal((await call<HealthReport>('health', 'api', attrs)).health, 'unhealthy');
  });

  it('fails with the reason and the last log lines when the process crashes', async () => {
    const attrs = await launch('worker', { command: [process.execPath, '-e', 'console.error("FATAL: missing DB_URL"); process.exit(2)'], port: 'auto', readiness: { tcp: {} } }, 'order-2');
    const failed = await getUntil('worker', attrs, (s) => s.phase !== 'progressing');
    assert.equal(failed.phase, 'failed');
    assert.match(failed.message ?? '', /exited with code 2/);
    assert.match(failed.message ?? '', /FATAL: missing DB_URL/);
    assert.doesNotMatch(failed.message ?? '', /appmanager: starting/);
  });

  it('counts a job that exits with the expected code as ready', async () => {
    const attrs = await launch('migrate', { command: [process.execPath, '-e', 'console.log("done")'], readiness: { exitCode: 0 } }, 'order-3');
    const done = await getUntil('migrate', attrs, (s) => s.phase !== 'progressing');
    assert.equal(done.phase, 'ready', done.message);
    assert.equal(done.outputs?.['exitCode'], 0);
    assert.equal((await call<HealthReport>('health', 'migrate', attrs)).health, 'healthy');
  });

  it('keeps app instances apart: the same component name in another stage is another process', async () => {
    const staging = { ...scope, stage: 'staging' };
    const properties = { command: [process.execPath, '-e', 'setInterval(() => {}, 1000)'] };
    const dev = await launch('same', properties, 'order-4');
    const other = await launch('same', properties, 'order-5', staging);
    assert.notEqual(dev['pid'], other['pid']);
    await call('destroy', 'same', other, staging);
    assert.equal(groupAlive(Number(other['pid'])), false);
    assert.equal(groupAlive(Number(dev['pid'])), true, 'destroying staging left dev running');
  });

  it('refuses a launch without a command, naming the property', async () => {
    await assert.rejects(launch('empty', {}, 'order-6'), /properties\.command is required/);
  });
});
