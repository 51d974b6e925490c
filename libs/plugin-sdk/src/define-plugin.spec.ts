// The SDK is mostly types, so most of these checks happen at compile time: every
// `@ts-expect-error` below must really be an error, or the build of this file fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  capabilityNames,
  defineAddon,
  defineComponent,
  definePolicy,
  defineTrait,
  defineWorkflowStep,
  pluginKinds,
  type PluginManifest,
} from './index.js';

describe('define helpers', () => {
  it('return the plugin object unchanged so the sandbox shim can be an identity too', () => {
    const plugin = {
      launch: () => ({ pid: 1 }),
      get: () => ({ phase: 'ready' as const }),
      destroy: () => undefined,
    };
    assert.equal(defineComponent(plugin), plugin);
  });

  it('type the five kinds so a wrong signature does not compile', () => {
    defineComponent<{ image: string }>({
      launch: (_ctx, req) => ({ image: req.properties.image, node: req.nodeOrderId }),
      // @ts-expect-error 'done' is not a component phase
      get: () => ({ phase: 'done' }),
      destroy: async () => {},
    });
    // @ts-expect-error a component without destroy is incomplete
    defineComponent({ launch: () => ({}), get: () => ({ phase: 'ready' }) });
    defineComponent({
      launch: () => ({}),
      get: () => ({ phase: 'ready' }),
      destroy: () => {},
      // @ts-expect-error 'fine' is not a health state
      health: () => ({ health: 'fine' }),
    });
    defineTrait({
      execute: (_ctx, req) => (req.stage === 'pre' ? { patch: { replicas: 2 } } : { outputs: { url: 'x' } }),
    });
    // @ts-expect-error a trait result's patch is an object, not a string
    defineTrait({ execute: () => ({ patch: 'replicas=2' }) });
    definePolicy({ apply: (_ctx, app) => app });
    // @ts-expect-error a policy must return the application
    definePolicy({ apply: () => 42 });
    defineWorkflowStep({ execute: () => ({ suspend: { reason: 'approval' } }) });
    // @ts-expect-error fail carries a message object
    defineWorkflowStep({ execute: () => ({ fail: true }) });
    defineAddon({ apply: () => ({ outputs: { host: 'db' }, signature: 'abc' }), release: () => {} });
    // @ts-expect-error apply must return a signature
    defineAddon({ apply: () => ({ outputs: {} }), release: () => {} });
    defineComponent({
      launch: async (ctx) => {
        ctx.log.info('starting', { attempt: 1 });
        // @ts-expect-error log fields must be JSON values
        ctx.log.info('starting', { at: new Date() });
        const started = await ctx.processes?.start({ key: 'k', command: ['node', 'app.js'] });
        return { pid: started?.pid ?? 0 };
      },
      get: () => ({ phase: 'pending' }),
      destroy: () => {},
    });
  });

  it('exports the manifest shape and the lists the registry validates against', () => {
    const manifest: PluginManifest = {
      kind: 'trait',
      name: 'scaler',
      version: '1.0.0',
      description: 'sets replicas',
      entry: 'src/index.ts',
      schema: { type: 'object' },
      stage: 'pre',
      capabilities: ['http'],
      http: { allow: ['api.example.com'] },
    };
    assert.ok(pluginKinds.includes(manifest.kind));
    assert.deepEqual([...capabilityNames].sort(), ['artifacts', 'http', 'kubernetes', 'local-processes']);
  });
});
