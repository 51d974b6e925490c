import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, installFromMarketRpc, listMarketRpc, publishToMarketRpc, resolvePluginRpc } from '@appmanager/contracts';
import { PluginClient } from '@appmanager/plugin-client';
import { createTestRun, type TestRun } from '@appmanager/testing';
import { testPlugin } from '../testing/plugin-archive.fixture.js';
import { startRegistry, type RegistryHarness } from '../testing/registry-harness.js';

async function findFile(dir: string, suffix: string): Promise<string | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && join(entry.parentPath, entry.name).endsWith(suffix)) return join(entry.parentPath, entry.name);
  }
  return undefined;
}

describe('plugin market between two installations sharing one market directory', () => {
  const marketDir = mkdtempSync(join(tmpdir(), 'appmanager-market-'));
  let runA: TestRun;
  let runB: TestRun;
  let a: RegistryHarness;
  let b: RegistryHarness;

  before(async () => {
    runA = createTestRun('mkta');
    runB = createTestRun('mktb');
    const env = { MARKET_STORAGE_DIR: marketDir, SEED_BUILTIN_PLUGINS: 'false' };
    [a, b] = await Promise.all([startRegistry(runA, env), startRegistry(runB, env)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([runA?.cleanup(), runB?.cleanup()]);
    rmSync(marketDir, { recursive: true, force: true });
  });

  it('publishes from one, lists, and installs into the other with the same code', async () => {
    await a.upload(await testPlugin({ name: 'shared', version: '1.2.0' }), true);
    const entry = await a.rpc.call(publishToMarketRpc, { kind: 'trait', name: 'shared', version: '1.2.0' });
    assert.match(entry.sha256, /^[0-9a-f]{64}$/);
    assert.equal(entry.key, 'market/packages/trait/shared/1.2.0.tgz');
    assert.deepEqual(await a.rpc.call(publishToMarketRpc, { kind: 'trait', name: 'shared', version: '1.2.0' }), entry, 'publishing again is a no-op');

    const listed = await b.rpc.call(listMarketRpc, {});
    assert.deepEqual(listed.items.map((e) => `${e.kind}/${e.name}@${e.version}:${e.sha256}`), [`trait/shared@1.2.0:${entry.sha256}`]);
    const indexFile = await findFile(marketDir, 'market/index.json');
    assert.ok(indexFile, 'market/index.json is written to the market store');

    const installed = await b.rpc.call(installFromMarketRpc, { kind: 'trait', name: 'shared', version: '1.2.0', activate: true });
    assert.equal(installed.created, true);
    assert.equal(installed.activated, true);
    assert.equal(installed.sha256, entry.sha256);
    const [bundleA, bundleB] = await Promise.all([a.rpc, b.rpc].map((rpc) => rpc.call(resolvePluginRpc, { kind: 'trait', name: 'shared' })));
    assert.equal(bundleB!.contentHash, bundleA!.contentHash);
    const client = new PluginClient({ rpc: b.rpc });
    try {
      const ran = await client.call<{ patch: { ran: string } }>({ kind: 'trait', name: 'shared' }, 'execute', [{ properties: {} }]);
      assert.deepEqual({ version: ran.version, ran: ran.result.patch.ran }, { version: '1.2.0', ran: '1.2.0' });
    } finally {
      client.close();
    }
  });

  it('refuses to install a market package whose bytes do not match the index', async () => {
    await a.upload(await testPlugin({ name: 'tampered', version: '1.0.0' }));
    await a.rpc.call(publishToMarketRpc, { kind: 'trait', name: 'tampered', version: '1.0.0' });
    const stored = await findFile(marketDir, 'market/packages/trait/tampered/1.0.0.tgz');
    assert.ok(stored);
    writeFileSync(stored, await testPlugin({ name: 'tampered', version: '1.0.0', source: "export default { execute() { return { patch: { evil: true } }; } };" }));
    await assert.rejects(b.rpc.call(installFromMarketRpc, { kind: 'trait', name: 'tampered', version: '1.0.0' }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'conflict');
      assert.match(error.message, /does not match its sha256/);
      return true;
    });
    await assert.rejects(b.rpc.call(resolvePluginRpc, { kind: 'trait', name: 'tampered', version: '1.0.0' }), /no plugin/);
    await assert.rejects(b.rpc.call(installFromMarketRpc, { kind: 'trait', name: 'absent', version: '1.0.0' }), /the market has no trait\/absent@1\.0\.0/);
  });
});
