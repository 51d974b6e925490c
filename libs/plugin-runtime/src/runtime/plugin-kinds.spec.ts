import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { PluginRuntime } from './plugin-runtime.js';
import type { LoadedPlugin } from './runtime-options.js';
import { pluginFixture, refOf } from '../test-support/plugin-fixture.js';

const target = { cluster: 'local', clusterKind: 'local', namespace: 'default', stage: 'dev' };

describe('PluginRuntime: the five plugin kinds', () => {
  const runtime = new PluginRuntime();
  after(() => runtime.close());

  it('runs a component through build, launch, get, health, watch and destroy', async () => {
    const plugin = await pluginFixture(
      { kind: 'component', name: 'webservice', version: '1.0.0' },
      `import { defineComponent } from '@appmanager/plugin-sdk';
export default defineComponent<{ image: string }>({
  build: (_ctx, source) => ({ files: { 'Dockerfile': 'FROM ' + source.properties.image } }),
  launch: (_ctx, req) => ({ deployment: req.app + '-' + req.component, key: req.nodeOrderId + '/' + req.attempt }),
  get: (_ctx, req) => ({ phase: 'ready', outputs: { url: 'http://' + req.attrs.deployment } }),
  health: () => ({ health: 'healthy' }),
  watch: {
    subjects: (_ctx, req) => [{ type: 'process', key: String(req.attrs.key) }],
    toHealth: (_ctx, event) => ({ health: event.event === 'exited' ? 'unhealthy' : 'healthy', message: event.event }),
  },
  destroy: () => {},
});`,
    );
    const { methods } = runtime.activate(plugin);
    assert.deepEqual([...methods].sort(), ['build', 'destroy', 'get', 'health', 'launch', 'watch.subjects', 'watch.toHealth']);
    const ref = refOf(plugin);
    const request = { app: 'shop', component: 'web', target, properties: { image: 'nginx' } };
    assert.deepEqual(await runtime.call(ref, 'build', [{ component: 'web', version: '1', properties: { image: 'nginx' }, files: {} }]), {
      files: { Dockerfile: 'FROM nginx' },
    });
    const attrs = await runtime.call(ref, 'launch', [{ ...request, nodeOrderId: 'n1', attempt: 2 }]);
    assert.deepEqual(attrs, { deployment: 'shop-web', key: 'n1/2' });
    assert.deepEqual(await runtime.call(ref, 'get', [{ ...request, attrs }]), { phase: 'ready', outputs: { url: 'http://shop-web' } });
    assert.deepEqual(await runtime.call(ref, 'health', [{ ...request, attrs }]), { health: 'healthy' });
    assert.deepEqual(await runtime.call(ref, 'watch.subjects', [{ ...request, attrs }]), [{ type: 'process', key: 'n1/2' }]);
    assert.deepEqual(await runtime.call(ref, 'watch.toHealth', [{ subject: { type: 'process', key: 'k' }, event: 'exited', object: {}, attrs }]), {
      health: 'unhealthy',
      message: 'exited',
    });
    assert.equal(await runtime.call(ref, 'destroy', [{ ...request, attrs }]), undefined);
  });

  it('runs a pre-trait patch and a post-trait with outputs', async () => {
    const plugin = await pluginFixture(
      { kind: 'trait', name: 'expose', version: '1.0.0', stage: 'post' },
      `import { defineTrait } from '@appmanager/plugin-sdk';
export default defineTrait<{ port: number }>({
  execute(_ctx, req) {
    if (req.stage === 'pre') return { patch: { ports: [req.properties.port] } };
    return { outputs: { endpoint: req.component + ':' + req.properties.port } };
  },
  reconcile: (_ctx, event) => ({ outputs: { seen: event.type } }),
});`,
    );
    runtime.activate(plugin);
    const base = { app: 'shop', component: 'web', componentType: 'webservice', target, properties: { port: 8080 }, componentProperties: {} };
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [{ ...base, stage: 'pre' }]), { patch: { ports: [8080] } });
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [{ ...base, stage: 'post', componentAttrs: {}, componentOutputs: {} }]), {
      outputs: { endpoint: 'web:8080' },
    });
    assert.deepEqual(await runtime.call(refOf(plugin), 'reconcile', [{ ...base, type: 'MODIFIED', object: {} }]), { outputs: { seen: 'MODIFIED' } });
  });

  it('runs a policy rewrite of the application', async () => {
    const plugin = await pluginFixture(
      { kind: 'policy', name: 'override', version: '1.0.0' },
      `import { definePolicy } from '@appmanager/plugin-sdk';
export default definePolicy<{ replicas: number }>({
  apply: (_ctx, app, properties) => ({
    ...app,
    spec: { ...app.spec, components: app.spec.components.map((c) => ({ ...c, properties: { ...c.properties, replicas: properties.replicas } })) },
  }),
});`,
    );
    runtime.activate(plugin);
    const app = { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'shop' }, spec: { components: [{ name: 'web', type: 'webservice', properties: { image: 'nginx' } }] } };
    const rewritten = (await runtime.call(refOf(plugin), 'apply', [app, { replicas: 3 }])) as typeof app;
    assert.deepEqual(rewritten.spec.components[0]?.properties, { image: 'nginx', replicas: 3 });
  });

  it('runs a workflow step that suspends and one that fails', async () => {
    const plugin = await pluginFixture(
      { kind: 'workflow-step', name: 'approve', version: '1.0.0' },
      `import { defineWorkflowStep } from '@appmanager/plugin-sdk';
export default defineWorkflowStep<{ approved?: boolean }>({
  execute: (_ctx, req) => req.properties.approved === false
    ? { fail: { message: 'rejected by ' + String(req.context.user) } }
    : req.properties.approved ? { outputs: { approvedBy: String(req.context.user) }, deploy: { components: ['web'] } } : { suspend: { reason: 'waiting for approval' } },
});`,
    );
    runtime.activate(plugin);
    const request = (approved?: boolean) => ({ runId: 'r1', step: 'approve', app: 'shop', properties: approved === undefined ? {} : { approved }, context: { user: 'ana' } });
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [request()]), { suspend: { reason: 'waiting for approval' } });
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [request(true)]), { outputs: { approvedBy: 'ana' }, deploy: { components: ['web'] } });
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [request(false)]), { fail: { message: 'rejected by ana' } });
  });

  it('runs an addon apply and release', async () => {
    const plugin = await pluginFixture(
      { kind: 'addon', name: 'redis', version: '1.0.0' },
      `import { defineAddon } from '@appmanager/plugin-sdk';
export default defineAddon<{ size: string }>({
  apply: (_ctx, spec) => ({ outputs: { host: spec.name + '.' + spec.target.namespace }, signature: 'size=' + spec.properties.size }),
  release: () => undefined,
});`,
    );
    runtime.activate(plugin);
    const spec = { name: 'cache', target: { cluster: 'local', clusterKind: 'local', namespace: 'shop' }, properties: { size: 'small' } };
    const applied = await runtime.call(refOf(plugin), 'apply', [spec]);
    assert.deepEqual(applied, { outputs: { host: 'cache.shop' }, signature: 'size=small' });
    assert.equal(await runtime.call(refOf(plugin), 'release', [{ ...spec, ...(applied as object) }]), undefined);
  });
});

describe('PluginRuntime: calls, logs and versions', () => {
  const runtime = new PluginRuntime({ timeoutMs: 2_000 });
  after(() => runtime.close());
  const versioned = (version: string, extra = ''): Promise<LoadedPlugin> =>
    pluginFixture(
      { kind: 'workflow-step', name: 'versioned', version },
      `export default {
  execute: () => ({ outputs: { version: ${JSON.stringify(version)} } }),
  ${extra}
};`,
    );

  it('awaits async methods, including ones that sleep through ctx', async () => {
    const plugin = await pluginFixture(
      { kind: 'workflow-step', name: 'slow', version: '1.0.0' },
      `export default {
  async execute(ctx: { sleep(ms: number): Promise<void>; deadline: number }, req: { properties: { ms: number } }) {
    const before = Date.now();
    await ctx.sleep(req.properties.ms);
    return { outputs: { slept: Date.now() - before >= req.properties.ms - 5, deadlineAhead: ctx.deadline > Date.now() } };
  },
};`,
    );
    runtime.activate(plugin);
    assert.deepEqual(await runtime.call(refOf(plugin), 'execute', [{ properties: { ms: 30 } }]), { outputs: { slept: true, deadlineAhead: true } });
  });

  it('hands each log line with its fields to the call that wrote it', async () => {
    const plugin = await pluginFixture(
      { kind: 'component', name: 'chatty', version: '1.0.0' },
      `import { defineComponent } from '@appmanager/plugin-sdk';
export default defineComponent({
  async launch(ctx, req) {
    ctx.log.info('launching', { component: req.component });
    const { log } = ctx;
    await ctx.sleep(1);
    log.warn('slow disk');
    ctx.log.debug('done');
    ctx.log.error('not really', { code: 7 });
    return {};
  },
  get: () => ({ phase: 'ready' }),
  destroy: () => {},
});`,
    );
    runtime.activate(plugin);
    const lines: unknown[] = [];
    const other: unknown[] = [];
    await Promise.all([
      runtime.call(refOf(plugin), 'launch', [{ component: 'web' }], { logSink: (...line) => lines.push(line) }),
      runtime.call(refOf(plugin), 'launch', [{ component: 'api' }], { logSink: (...line) => other.push(line) }),
    ]);
    assert.deepEqual(lines, [
      ['info', 'launching', { component: 'web' }],
      ['warn', 'slow disk', undefined],
      ['debug', 'done', undefined],
      ['error', 'not really', { code: 7 }],
    ]);
    assert.deepEqual(other[0], ['info', 'launching', { component: 'api' }]);
  });

  it('keeps two versions side by side, each answering with its own code', async () => {
    runtime.activate(await versioned('1.0.0'));
    runtime.activate(await versioned('2.0.0'));
    const ref = { kind: 'workflow-step', name: 'versioned' } as const;
    assert.deepEqual(await runtime.call({ ...ref, version: '1.0.0' }, 'execute', [{}]), { outputs: { version: '1.0.0' } });
    assert.deepEqual(await runtime.call({ ...ref, version: '2.0.0' }, 'execute', [{}]), { outputs: { version: '2.0.0' } });
  });

  it('lets a call in flight finish on the version it started with after that version is evicted', async () => {
    runtime.activate(await versioned('3.0.0', 'async wait(ctx: { sleep(ms: number): Promise<void> }) { await ctx.sleep(50); return "3.0.0 finished"; },'));
    const ref = { kind: 'workflow-step', name: 'versioned', version: '3.0.0' } as const;
    const inFlight = runtime.call(ref, 'wait', []);
    runtime.evict('workflow-step', 'versioned', '3.0.0');
    assert.equal(await inFlight, '3.0.0 finished');
    await assert.rejects(runtime.call(ref, 'execute', [{}]), (error: unknown) => error instanceof DomainError && error.code === 'not_found');
    // the other versions are still there
    assert.deepEqual(await runtime.call({ ...ref, version: '1.0.0' }, 'execute', [{}]), { outputs: { version: '1.0.0' } });
  });

  it('loads a version it has not seen through the loader, once for concurrent calls', async () => {
    const bundles = new Map([['4.0.0', await versioned('4.0.0')]]);
    let loads = 0;
    const loading = new PluginRuntime({
      load: async (ref) => {
        loads++;
        const plugin = bundles.get(ref.version);
        if (!plugin) throw new DomainError('not_found', `no bundle for ${ref.version}`);
        return plugin;
      },
    });
    try {
      const ref = { kind: 'workflow-step', name: 'versioned', version: '4.0.0' } as const;
      const results = await Promise.all([1, 2, 3].map(() => loading.call(ref, 'execute', [{}])));
      assert.deepEqual(results, [1, 2, 3].map(() => ({ outputs: { version: '4.0.0' } })));
      assert.equal(loads, 1);
      await assert.rejects(loading.call({ ...ref, version: '9.9.9' }, 'execute', [{}]), /no bundle for 9.9.9/);
    } finally {
      loading.close();
    }
  });

  it('says which method is missing', async () => {
    runtime.activate(await versioned('5.0.0'));
    await assert.rejects(runtime.call({ kind: 'workflow-step', name: 'versioned', version: '5.0.0' }, 'rollback', []), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'not_found');
      assert.match(error.message, /has no method 'rollback'/);
      return true;
    });
  });
});
