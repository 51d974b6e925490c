import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import type { PluginRef } from '@appmanager/plugin-sdk';
import { PluginRuntime } from './plugin-runtime.js';
import { pluginFixture, refOf } from '../test-support/plugin-fixture.js';

// Plugin code that reaches for host powers. Inside the isolate, `eval` and `Function`
// exist — they just build functions in the same empty realm, which has no way out.
const prying = `
type Ctx = Record<string, unknown> & { log: { info: (m: string) => void } };
const g = globalThis as Record<string, unknown>;
export default {
  ok: () => 'still here',
  useRequire: () => (g.require as (m: string) => unknown)('fs'),
  useProcess: () => (g.process as { env: unknown }).env,
  constructorChain: () => (g.constructor as FunctionConstructor).constructor('return process')(),
  viaEval: () => (0, eval)('typeof process + "/" + typeof require + "/" + typeof setTimeout + "/" + typeof fetch'),
  viaFunction: () => new Function('return this')() === globalThis,
  viaCtxFunctions: (ctx: Ctx) => (ctx.log.info.constructor as FunctionConstructor)('return typeof process')(),
  globals: () => Object.getOwnPropertyNames(globalThis).filter((n) => /^(require|process|module|exports|global|Buffer|setTimeout|setInterval|setImmediate|fetch|XMLHttpRequest|WebSocket)$|ivm|host|bridge|callback/i.test(n)),
  ctxKeys: (ctx: Ctx) => Object.keys(ctx).sort(),
  undeclaredHttp: async (ctx: Ctx) => (ctx.http as { fetch(u: string): Promise<unknown> }).fetch('https://example.com'),
  ungrantedArtifacts: async (ctx: Ctx) => (ctx.artifacts as { get(k: string): Promise<string> }).get('x'),
};
`;

describe('PluginRuntime: no ambient authority', () => {
  const runtime = new PluginRuntime({ timeoutMs: 1_000 });
  let ref: PluginRef;
  before(async () => {
    const plugin = await pluginFixture({ kind: 'component', name: 'prying', version: '1.0.0', capabilities: ['artifacts'] }, prying);
    runtime.activate(plugin);
    ref = refOf(plugin);
  });
  after(() => runtime.close());

  const failsThenServes = async (method: string, code: string, message: RegExp): Promise<void> => {
    await assert.rejects(runtime.call(ref, method, []), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      return true;
    });
    assert.equal(await runtime.call(ref, 'ok', []), 'still here');
  };

  it('has no require', async () => {
    await failsThenServes('useRequire', 'plugin_failed', /useRequire failed: .*require is not a function|useRequire failed: .*not a function/);
  });

  it('has no process', async () => {
    await failsThenServes('useProcess', 'plugin_failed', /useProcess failed: Cannot read properties of undefined \(reading 'env'\)/);
  });

  it('cannot reach the host through the Function constructor', async () => {
    await failsThenServes('constructorChain', 'plugin_failed', /constructorChain failed: process is not defined/);
    assert.equal(await runtime.call(ref, 'viaCtxFunctions', []), 'undefined');
  });

  it('finds only an empty realm through eval and Function', async () => {
    assert.equal(await runtime.call(ref, 'viaEval', []), 'undefined/undefined/undefined/undefined');
    assert.equal(await runtime.call(ref, 'viaFunction', []), true);
  });

  it('exposes no host handles on the global object or on ctx', async () => {
    assert.deepEqual(await runtime.call(ref, 'globals', []), []);
    assert.deepEqual(await runtime.call(ref, 'ctxKeys', []), ['capabilities', 'deadline', 'plugin']);
  });

  it('denies a capability the manifest does not declare, naming it', async () => {
    let fetched = false;
    const http = { fetch: async () => ((fetched = true), { status: 200, headers: {}, body: '' }) };
    await assert.rejects(runtime.call(ref, 'undeclaredHttp', [], { capabilities: { http } }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'capability_denied');
      assert.match(error.message, /capability 'http' is not declared in the plugin manifest/);
      assert.equal(error.meta.capability, 'http');
      return true;
    });
    assert.equal(fetched, false);
    assert.equal(await runtime.call(ref, 'ok', []), 'still here');
  });

  it('denies a declared capability the caller did not grant', async () => {
    await failsThenServes('ungrantedArtifacts', 'capability_denied', /capability 'artifacts' was not granted for this call/);
  });
});
