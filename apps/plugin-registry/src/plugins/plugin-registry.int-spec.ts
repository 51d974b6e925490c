import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activatePluginRpc, describePluginsRpc, DomainError, getPluginRpc, listPluginsRpc, listPluginVersionsRpc, pluginActivatedEvent, resolvePluginRpc, validatePluginPropertiesRpc, type EventEnvelope } from '@appmanager/contracts';
import { PluginClient } from '@appmanager/plugin-client';
import { createTestRun, eventually, type TestRun } from '@appmanager/testing';
import { tarGz, testManifest, testPlugin, versionEchoSource } from '../testing/plugin-archive.fixture.js';
import { startRegistry, type RegistryHarness } from '../testing/registry-harness.js';
import { stringify } from 'yaml';

const rejects = async (promise: Promise<unknown>, code: string, pattern: RegExp): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(`${error.message} ${JSON.stringify(error.errors)}`, pattern);
    return error;
  }
  assert.fail(`expected ${code} matching ${pattern}`);
};

describe('plugin registry (own process, real MariaDB/NATS/storage)', () => {
  let run: TestRun;
  let registry: RegistryHarness;
  let plugins: PluginClient;

  before(async () => {
    run = createTestRun('preg');
    registry = await startRegistry(run);
    plugins = new PluginClient({ rpc: registry.rpc, events: registry.events, runtime: { timeoutMs: 1_000 } }).start();
  });
  after(async () => {
    plugins?.close();
    await registry?.stop();
    await run?.cleanup();
  });

  /** The service still answers after an attack. */
  const stillServes = async () => assert.ok((await registry.rpc.call(listPluginsRpc, {})).items.length > 0);

  it('seeds the built-in plugins at start, active and runnable', async () => {
    const { items } = await registry.rpc.call(listPluginsRpc, {});
    const byName = new Map(items.map((p) => [`${p.kind}/${p.name}`, p]));
    for (const expected of ['trait/env', 'trait/labels', 'policy/topology', 'policy/override', 'workflow-step/deploy', 'workflow-step/suspend']) {
      assert.equal(byName.get(expected)?.activeVersion, '1.0.0', `${expected} is seeded and active`);
    }
    const env = await plugins.call<{ patch: { env: Record<string, string> } }>({ kind: 'trait', name: 'env' }, 'execute', [
      { stage: 'pre', properties: { vars: { LOG_LEVEL: 'info', RETRIES: 3 } }, componentProperties: { env: { A: '1', LOG_LEVEL: 'debug' } } },
    ]);
    assert.deepEqual(env.result.patch.env, { A: '1', LOG_LEVEL: 'info', RETRIES: '3' });
    const override = await plugins.call<{ spec: { components: Array<{ name: string; properties: Record<string, unknown> }> } }>({ kind: 'policy', name: 'override' }, 'apply', [
      { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'shop' }, spec: { components: [{ name: 'api', type: 'process', properties: { replicas: 3, port: 80 } }] } },
      { components: [{ name: 'api', properties: { replicas: 1 } }] },
    ]);
    assert.deepEqual(override.result.spec.components[0]?.properties, { replicas: 1, port: 80 });
    const deploy = await plugins.call({ kind: 'workflow-step', name: 'deploy' }, 'execute', [{ properties: { policies: ['staging', 'small'] } }]);
    assert.deepEqual(deploy.result, { deploy: { policies: ['staging', 'small'] } });
  });

  it('stores an upload, answers the same content again idempotently and refuses other content under the same version', async () => {
    const first = await registry.upload(await testPlugin({ name: 'echo', version: '1.0.0' }));
    assert.equal(first.created, true);
    assert.equal(first.activated, false);
    assert.deepEqual(first.plugin.methods, ['execute']);
    const again = await registry.upload(await testPlugin({ name: 'echo', version: '1.0.0' }));
    assert.equal(again.created, false);
    assert.equal(again.plugin.contentHash, first.plugin.contentHash);
    await rejects(registry.upload(await testPlugin({ name: 'echo', version: '1.0.0', source: versionEchoSource('other') })), 'conflict', /already exists with different content/);
    const { items } = await registry.rpc.call(listPluginVersionsRpc, { kind: 'trait', name: 'echo' });
    assert.deepEqual(items.map((v) => v.version), ['1.0.0']);
  });

  it('activates versions both ways: an older version really runs again, hosts learn it from the event', async () => {
    const seen: EventEnvelope[] = [];
    const unsubscribe = registry.events.subscribeLive(pluginActivatedEvent.type, (e) => seen.push(e));
    try {
      await registry.upload(await testPlugin({ name: 'flip', version: '1.0.0' }), true);
      await registry.upload(await testPlugin({ name: 'flip', version: '2.0.0' }), true);
      const call = () => plugins.call<{ patch: { ran: string } }>({ kind: 'trait', name: 'flip' }, 'execute', [{ properties: {} }]);
      await eventually(async () => ((await call()).version === '2.0.0' ? true : undefined), 5_000, 'the client to run 2.0.0');
      assert.equal((await call()).result.patch.ran, '2.0.0');

      const rollback = await registry.rpc.call(activatePluginRpc, { kind: 'trait', name: 'flip', version: '1.0.0' });
      assert.deepEqual({ active: rollback.activeVersion, previous: rollback.previousVersion, changed: rollback.changed }, { active: '1.0.0', previous: '2.0.0', changed: true });
      const ran = await eventually(async () => {
        const r = await call();
        return r.version === '1.0.0' ? r : undefined;
      }, 5_000, 'the client to run 1.0.0 after the rollback');
      assert.equal(ran.result.patch.ran, '1.0.0', 'the older code runs, not just the older label');
      const got = await registry.rpc.call(getPluginRpc, { kind: 'trait', name: 'flip' });
      assert.equal(got.activeVersion, '1.0.0');
      assert.deepEqual(got.versions, ['2.0.0', '1.0.0']);
      assert.deepEqual(got.details.filter((d) => d.active).map((d) => d.version), ['1.0.0'], 'exactly one active version');

      const isRollback = (e: EventEnvelope) => {
        const data = e.data as { name: string; version: string; previousVersion: string | null };
        return data.name === 'flip' && data.version === '1.0.0' && data.previousVersion === '2.0.0';
      };
      const event = await eventually(async () => seen.find(isRollback), 5_000, 'the rollback activation event');
      assert.deepEqual(event.data, { kind: 'trait', name: 'flip', version: '1.0.0', previousVersion: '2.0.0' });
      assert.equal(event.type, 'plugin.activated.v1');
      await rejects(registry.rpc.call(activatePluginRpc, { kind: 'trait', name: 'flip', version: '3.0.0' }), 'not_found', /no version 3\.0\.0 \(versions: 2\.0\.0, 1\.0\.0\)/);
      const pinned = await plugins.call<{ patch: { ran: string } }>({ kind: 'trait', name: 'flip', version: '2.0.0' }, 'execute', [{ properties: {} }]);
      assert.equal(pinned.result.patch.ran, '2.0.0', 'a pinned version still runs its own code');
    } finally {
      unsubscribe();
    }
  });

  it('describes many plugins at once and validates properties with every error and its path', async () => {
    await registry.upload(await testPlugin({ name: 'sized', version: '1.0.0' }), true);
    const described = await registry.rpc.call(describePluginsRpc, { refs: [{ kind: 'trait', name: 'sized' }, { kind: 'trait', name: 'env' }, { kind: 'component', name: 'nope' }] });
    assert.deepEqual(described.plugins.map((p) => `${p.name}@${p.version}:${p.stage}`), ['sized@1.0.0:pre', 'env@1.0.0:pre']);
    assert.deepEqual(described.missing, [{ kind: 'component', name: 'nope' }]);
    const bad = await registry.rpc.call(validatePluginPropertiesRpc, { kind: 'trait', name: 'sized', properties: { mode: 'c', colour: 'red' } });
    assert.equal(bad.valid, false);
    assert.deepEqual(new Set(bad.errors.map((e) => e.path)), new Set(['size', 'mode', 'colour']));
    const good = await registry.rpc.call(validatePluginPropertiesRpc, { kind: 'trait', name: 'sized', properties: { size: 2 } });
    assert.deepEqual(good, { valid: true, errors: [] });
    const bundle = await registry.rpc.call(resolvePluginRpc, { kind: 'trait', name: 'sized' });
    assert.match(bundle.code, /defineTrait|execute/);
  });

  describe('refuses hostile or broken packages with a clear error and keeps serving', () => {
    it('manifest fields missing or of the wrong type', async () => {
      const error = await rejects(registry.upload(await testPlugin({ manifest: { version: 'one', name: 'Bad_Name', description: undefined, capabilities: 'http' } })), 'validation_failed', /manifest\.yaml.*version: must be semver/);
      const paths = error.errors.map((e) => e.path);
      for (const field of ['manifest.yaml:version', 'manifest.yaml:name', 'manifest.yaml:description', 'manifest.yaml:capabilities']) assert.ok(paths.includes(field), `${field} in ${paths.join(', ')}`);
      assert.ok(error.errors.find((e) => e.path === 'manifest.yaml:version')?.line, 'YAML errors carry the line');
      await stillServes();
    });

    it('a schema that is not a valid JSON Schema', async () => {
      await rejects(registry.upload(await testPlugin({ manifest: { schema: { type: 'object', properties: { size: { type: 'integr' } } } } })), 'validation_failed', /manifest\.yaml.*schema: is not a valid JSON Schema/);
      await rejects(registry.upload(await testPlugin({ manifest: { schema: { type: 'object', requird: ['x'] } } })), 'validation_failed', /unknown keyword: "requird"/);
      await stillServes();
    });

    it('an entry file that is not in the package', async () => {
      await rejects(registry.upload(await testPlugin({ manifest: { entry: 'src/main.ts' } })), 'validation_failed', /entry: src\/main\.ts is not in the package/);
      await stillServes();
    });

    it('TypeScript that does not compile, with file:line', async () => {
      const error = await rejects(registry.upload(await testPlugin({ source: "import { defineTrait } from '@appmanager/plugin-sdk';\nexport default defineTrait({\n  execute( {\n});\n" })), 'validation_failed', /src\/index\.ts:\d+:\d+/);
      assert.equal(error.errors[0]?.path, 'src/index.ts');
      assert.equal(typeof error.errors[0]?.line, 'number');
      await rejects(registry.upload(await testPlugin({ source: "import fs from 'node:fs';\nexport default { execute() { return fs; } };\n" })), 'validation_failed', /import 'node:fs' is not allowed/);
      await stillServes();
    });

    it('a package without a manifest, or missing the methods of its kind', async () => {
      await rejects(registry.upload(await tarGz([{ name: 'src/index.ts', content: 'export default {}' }])), 'validation_failed', /manifest\.yaml: missing/);
      await rejects(registry.upload(await testPlugin({ source: 'export default { other() { return 1; } };' })), 'validation_failed', /must export execute/);
      await stillServes();
    });

    it('an archive entry with ../ traversal', async () => {
      const archive = await tarGz([
        { name: 'manifest.yaml', content: stringify(testManifest()) },
        { name: 'src/index.ts', content: versionEchoSource('x') },
        { name: '../../etc/evil.ts', content: 'x' },
      ]);
      await rejects(registry.upload(archive), 'bad_request', /path traversal/);
      await stillServes();
    });

    it('a symbolic link', async () => {
      const archive = await tarGz([
        { name: 'manifest.yaml', content: stringify(testManifest()) },
        { name: 'src/index.ts', type: 'symlink', linkname: '/etc/passwd' },
      ]);
      await rejects(registry.upload(archive), 'bad_request', /symbolic links are not allowed/);
      await stillServes();
    });

    it('an archive over the unpacked size limit', async () => {
      const archive = await testPlugin({ extra: [{ name: 'data/blob.txt', content: Buffer.alloc(6 * 1024 * 1024, 0x61) }] });
      assert.ok(archive.length < 1024 * 1024, 'small when compressed: the limit is on unpacked bytes');
      await rejects(registry.upload(archive), 'payload_too_large', /exceeds 5242880 bytes/);
      await stillServes();
    });

    it('a plugin method that loops forever stops at the time limit', async () => {
      await registry.upload(await testPlugin({ name: 'spin', source: "export default { execute() { for (;;) {} } };" }), true);
      await rejects(plugins.call({ kind: 'trait', name: 'spin' }, 'execute', [{}]), 'plugin_timeout', /spin/);
      await stillServes();
      const env = await plugins.call({ kind: 'trait', name: 'env' }, 'execute', [{ properties: { vars: { A: 1 } }, componentProperties: {} }]);
      assert.deepEqual(env.result, { patch: { env: { A: '1' } } });
    });
  });
});
