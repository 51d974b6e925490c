import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listPluginsRpc, listPluginVersionsRpc } from '@appmanager/contracts';
import { createTestRun, repoRoot } from '@appmanager/testing';
import { startRegistry, type RegistryHarness } from '../testing/registry-harness.js';

/** The seed summary line the registry logs at start. */
const seedSummary = (output: string): { created: string[]; unchanged: number; failed: number } => {
  const line = output.split('\n').find((l) => l.includes('seeded built-in plugins'));
  assert.ok(line, 'the registry logs a seed summary');
  return JSON.parse(line) as { created: string[]; unchanged: number; failed: number };
};

describe('seeding built-in plugins across restarts', () => {
  const run = createTestRun('pseed');
  const pluginsDir = mkdtempSync(join(tmpdir(), 'appmanager-builtins-'));
  let registry: RegistryHarness | undefined;
  after(async () => {
    await registry?.stop();
    await run.cleanup();
    rmSync(pluginsDir, { recursive: true, force: true });
  });

  it('stores once, is a no-op on an unchanged restart, and logs (not crashes) on changed content under the same version', async () => {
    for (const name of ['env', 'deploy']) cpSync(join(repoRoot(import.meta.dirname), 'plugins', name), join(pluginsDir, name), { recursive: true });
    const env = { PLUGINS_DIR: pluginsDir, LOG_LEVEL: 'info' };

    registry = await startRegistry(run, env);
    assert.deepEqual(seedSummary(registry.process.output()).created.sort(), ['trait/env@1.0.0', 'workflow-step/deploy@1.0.0']);
    await registry.stop();

    registry = await startRegistry(run, env);
    assert.deepEqual(seedSummary(registry.process.output()), { ...seedSummary(registry.process.output()), created: [], unchanged: 2, failed: 0 });
    await registry.stop();

    writeFileSync(join(pluginsDir, 'env', 'src', 'index.ts'), "export default { execute() { return { patch: {} }; } };\n");
    registry = await startRegistry(run, env);
    const output = registry.process.output();
    assert.equal(seedSummary(output).failed, 1);
    assert.match(output, /built-in plugin in .*env was not seeded: trait\/env@1\.0\.0 already exists with different content/);
    const { items } = await registry.rpc.call(listPluginsRpc, {});
    assert.deepEqual(items.map((p) => `${p.kind}/${p.name}@${p.activeVersion}`).sort(), ['trait/env@1.0.0', 'workflow-step/deploy@1.0.0']);
    const versions = await registry.rpc.call(listPluginVersionsRpc, { kind: 'trait', name: 'env' });
    assert.equal(versions.items.length, 1, 'no second version was stored');
  });
});
