import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, type ErrorCode } from '@appmanager/contracts';
import type { PluginRef } from '@appmanager/plugin-sdk';
import { PluginRuntime } from './plugin-runtime.js';
import { pluginFixture, refOf } from '../test-support/plugin-fixture.js';

// Each misbehaving method fails with a clear DomainError, and the same plugin still
// answers a normal call right afterwards (a killed isolate is replaced).
const misbehaving = `import { helper } from './helper.js';
export default {
  ok: (_ctx: unknown, n: number) => ({ doubled: n * 2 }),
  loop() { for (;;) {} },
  async loopAfterAwait(ctx: { sleep(ms: number): Promise<void> }) { await ctx.sleep(1); for (;;) {} },
  hog() { const keep: number[][] = []; for (;;) keep.push(new Array(100_000).fill(Math.random())); },
  never: () => new Promise(() => {}),
  async slowOk(ctx: { sleep(ms: number): Promise<void> }) { await ctx.sleep(200); return 'slow'; },
  throwString() { throw 'disk on fire'; },
  throwObject() { throw { code: 42 }; },
  throwError: () => helper(),
  async rejectLater() { await Promise.resolve(); throw new RangeError('too far'); },
  returnFunction: () => ({ ok: true, callback() {} }),
  returnCycle() { const a: Record<string, unknown> = {}; a.self = a; return a; },
  returnMap: () => new Map([['a', 1]]),
  returnBigInt: () => ({ n: 10n }),
};
`;
const helperFile = `export function helper(): never {
  throw new TypeError('bad input');
}
`;

describe('PluginRuntime: limits and failures', () => {
  const runtime = new PluginRuntime({ timeoutMs: 300, memoryLimitMiB: 16 });
  let ref: PluginRef;
  before(async () => {
    const plugin = await pluginFixture({ kind: 'workflow-step', name: 'misbehaving', version: '1.0.0' }, { 'src/index.ts': misbehaving, 'src/helper.ts': helperFile });
    runtime.activate(plugin);
    ref = refOf(plugin);
  });
  after(() => runtime.close());

  const failsWith = async (method: string, code: ErrorCode, message: RegExp): Promise<DomainError> => {
    let caught: DomainError | undefined;
    await assert.rejects(runtime.call(ref, method, []), (error: unknown) => {
      assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      assert.deepEqual([error.meta.plugin, error.meta.version, error.meta.method], ['misbehaving', '1.0.0', method]);
      caught = error;
      return true;
    });
    assert.deepEqual(await runtime.call(ref, 'ok', [21]), { doubled: 42 }, `the runtime still serves calls after ${method}`);
    return caught!;
  };

  it('stops a method that loops forever at the time limit', async () => {
    await failsWith('loop', 'plugin_timeout', /loop did not finish within 300 ms/);
  });

  it('stops a loop that starts after an await at the time limit', async () => {
    await failsWith('loopAfterAwait', 'plugin_timeout', /did not finish within 300 ms/);
  });

  it('stops a promise that never settles at the time limit', async () => {
    await failsWith('never', 'plugin_timeout', /never did not finish within 300 ms/);
  });

  it('honours a per-call time limit', async () => {
    await assert.rejects(runtime.call(ref, 'never', [], { timeoutMs: 50 }), /did not finish within 50 ms/);
  });

  it('tells a call that was cut off because a neighbour on the same isolate hit the limit', async () => {
    const [neighbour, stuck] = await Promise.allSettled([runtime.call(ref, 'slowOk', []), runtime.call(ref, 'never', [], { timeoutMs: 50 })]);
    assert.equal(stuck.status === 'rejected' && (stuck.reason as DomainError).code, 'plugin_timeout');
    assert.ok(neighbour.status === 'rejected' && neighbour.reason instanceof DomainError);
    assert.equal(neighbour.reason.code, 'plugin_failed');
    assert.match(neighbour.reason.message, /slowOk was cut off: another call on the same version hit a limit/);
    assert.deepEqual(await runtime.call(ref, 'ok', [1]), { doubled: 2 });
  });

  it('stops unbounded allocation at the memory limit', async () => {
    await failsWith('hog', 'plugin_memory_limit', /hog exceeded the 16 MiB memory limit/);
  });

  it('reports a thrown non-Error value', async () => {
    await failsWith('throwString', 'plugin_failed', /throwString failed: threw a non-Error value: "disk on fire"/);
    await failsWith('throwObject', 'plugin_failed', /threw a non-Error value: \{"code":42\}/);
  });

  it("points a thrown Error at the plugin's own source file and line", async () => {
    const error = await failsWith('throwError', 'plugin_failed', /throwError failed: bad input \(at src\/helper\.ts:2:9\)/);
    assert.deepEqual(error.errors, [{ path: 'src/helper.ts', message: 'bad input', line: 2, column: 9 }]);
    assert.match(String(error.meta.stack), /at helper \(src\/helper\.ts:2:9\)/);
    assert.doesNotMatch(String(error.meta.stack), /bootstrap|plugin-bundle/);
  });

  it('reports a rejected promise with its location', async () => {
    await failsWith('rejectLater', 'plugin_failed', /rejectLater failed: too far \(at src\/index\.ts:12:56\)/);
  });

  it('refuses results that are not JSON, naming the method', async () => {
    await failsWith('returnFunction', 'plugin_failed', /returnFunction returned a value that is not JSON: a function at key 'callback'/);
    await failsWith('returnCycle', 'plugin_failed', /returnCycle returned a value that is not JSON: .*circular/i);
    await failsWith('returnMap', 'plugin_failed', /returnMap returned a value that is not JSON: a Map/);
    await failsWith('returnBigInt', 'plugin_failed', /returnBigInt returned a value that is not JSON: .*BigInt/);
  });

  it('reports top-level code that throws when the version is activated', async () => {
    const broken = await pluginFixture({ kind: 'policy', name: 'broken', version: '1.0.0' }, "const config = JSON.parse('{nope');\nexport default { apply: () => config };\n");
    assert.throws(
      () => runtime.activate(broken),
      (error: unknown) => error instanceof DomainError && error.code === 'plugin_failed' && /broken@1\.0\.0 load failed: .*JSON/.test(error.message),
    );
  });

  it('reports top-level code that never finishes when the version is activated', async () => {
    const stuck = await pluginFixture({ kind: 'policy', name: 'stuck', version: '1.0.0' }, 'for (;;) {}\nexport default { apply: () => 1 };\n');
    assert.throws(() => runtime.activate(stuck), (error: unknown) => error instanceof DomainError && error.code === 'plugin_timeout');
  });
});
