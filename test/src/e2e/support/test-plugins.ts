import type { TestPlugin } from './plugin-packages.js';

/** Ready on the first `get`, does nothing: the benchmark's plugin. */
export const noopComponent: TestPlugin = {
  manifest: {
    kind: 'component',
    name: 'noop',
    version: '1.0.0',
    description: 'Does nothing and is ready at once (deployment tests and the DAG benchmark).',
    entry: 'src/index.ts',
    schema: { type: 'object' },
  },
  files: {
    'src/index.ts': `import { defineComponent } from '@appmanager/plugin-sdk';
export default defineComponent({
  launch: () => ({}),
  get: (_ctx, req) => ({ phase: 'ready', outputs: { component: req.component } }),
  destroy: () => undefined,
});
`,
  },
};

/**
 * Reports every launch to the test's counter server (key = node order id + attempt) and
 * asks it how to behave: ok, slow-launch (the server answers late), launch-throws,
 * get-failed, never-ready. Ready after `readyAfterMs`; outputs a url and `value`.
 * It reaches the counter only through the `http` capability, which lets it call
 * 127.0.0.1 (the runtime's allow list matches host names, not ports).
 */
export const countingComponent: TestPlugin = {
  manifest: {
    kind: 'component',
    name: 'counting',
    version: '1.0.0',
    description: 'Counts its launches on a test HTTP server and behaves as that server says.',
    entry: 'src/index.ts',
    capabilities: ['http'],
    http: { allow: ['127.0.0.1'] },
    // Terminating an order calls destroy, which the counter records.
    onTerminate: 'destroy',
    schema: {
      type: 'object',
      properties: { counter: { type: 'string', description: 'Base URL of the test counter server' }, readyAfterMs: { type: 'number' }, value: {} },
      required: ['counter'],
    },
  },
  files: {
    'src/index.ts': `import { defineComponent } from '@appmanager/plugin-sdk';

const mode = async (ctx, req) => (await ctx.http.fetch(req.properties.counter + '/mode?component=' + req.component)).body;

export default defineComponent({
  async launch(ctx, req) {
    const m = await mode(ctx, req);
    await ctx.http.fetch(req.properties.counter + '/launch?key=' + encodeURIComponent(req.nodeOrderId + '#' + req.attempt) + '&mode=' + m);
    if (m === 'launch-throws') throw new Error('boom: the counting plugin was told to fail');
    return { launchedAt: Date.now(), mode: m };
  },
  async get(ctx, req) {
    const m = await mode(ctx, req);
    if (m === 'get-failed') return { phase: 'failed', message: 'the database refused the connection' };
    if (m === 'never-ready') return { phase: 'progressing', message: 'still starting' };
    if (Date.now() - req.attrs.launchedAt < (req.properties.readyAfterMs ?? 0)) return { phase: 'progressing', message: 'warming up' };
    return { phase: 'ready', message: 'up', outputs: { url: 'http://' + req.component + '.test', value: req.properties.value ?? null } };
  },
  async destroy(ctx, req) {
    await ctx.http.fetch(req.properties.counter + '/destroy?component=' + req.component);
  },
});
`,
  },
};

/** Pre-trait: patches the component's properties with `value`. */
export const labelTrait: TestPlugin = {
  manifest: {
    kind: 'trait',
    name: 'label',
    version: '1.0.0',
    description: "Sets the counting component's value (pre-trait).",
    entry: 'src/index.ts',
    stage: 'pre',
    appliesTo: ['counting'],
    schema: { type: 'object', properties: { value: {} } },
  },
  files: {
    'src/index.ts': `import { defineTrait } from '@appmanager/plugin-sdk';
export default defineTrait({ execute: (_ctx, req) => ({ patch: { value: req.properties.value } }) });
`,
  },
};

/** Post-trait: publishes the component's url with a suffix. */
export const exposeTrait: TestPlugin = {
  manifest: {
    kind: 'trait',
    name: 'expose',
    version: '1.0.0',
    description: "Publishes the component's url with /exposed appended (post-trait).",
    entry: 'src/index.ts',
    stage: 'post',
    appliesTo: ['*'],
    schema: { type: 'object' },
  },
  files: {
    'src/index.ts': `import { defineTrait } from '@appmanager/plugin-sdk';
export default defineTrait({ execute: (_ctx, req) => ({ outputs: { url: req.componentOutputs.url + '/exposed' } }) });
`,
  },
};

/** Every plugin the deployment suites use. */
export const deploymentTestPlugins: TestPlugin[] = [noopComponent, countingComponent, labelTrait, exposeTrait];
