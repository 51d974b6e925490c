import type { TestPlugin } from './fake-plugin-registry.js';

/** Ready on the first `get`, does nothing: the benchmark's plugin. */
export const noopComponent: TestPlugin = {
  manifest: { kind: 'component', name: 'noop', version: '1.0.0' },
  source: `export default {
  launch: () => ({}),
  get: (_ctx, req) => ({ phase: 'ready', outputs: { component: req.component } }),
  destroy: () => undefined,
};`,
};

/**
 * Reports every launch to the test's counter server (key = node order id + attempt) and
 * asks it how to behave: ok, slow-launch (the server answers late), launch-throws,
 * get-failed, never-ready. Ready after `readyAfterMs`; outputs a url and `value`.
 */
export const countingComponent: TestPlugin = {
  manifest: {
    kind: 'component',
    name: 'counting',
    version: '1.0.0',
    capabilities: ['http'],
    http: { allow: ['127.0.0.1'] },
    onTerminate: 'destroy',
    schema: { type: 'object', properties: { counter: { type: 'string' }, readyAfterMs: { type: 'number' }, value: {} }, required: ['counter'] },
  },
  source: `
const mode = async (ctx, req) => (await ctx.http.fetch(req.properties.counter + '/mode?component=' + req.component)).body;
export default {
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
};`,
};

/** Pre-trait: patches the component's properties with `value`. */
export const labelTrait: TestPlugin = {
  manifest: { kind: 'trait', name: 'label', version: '1.0.0', stage: 'pre', appliesTo: ['counting'] },
  source: `export default { execute: (_ctx, req) => ({ patch: { value: req.properties.value } }) };`,
};

/** Post-trait: publishes the component's url with a suffix. */
export const exposeTrait: TestPlugin = {
  manifest: { kind: 'trait', name: 'expose', version: '1.0.0', stage: 'post', appliesTo: ['*'] },
  source: `export default { execute: (_ctx, req) => ({ outputs: { url: req.componentOutputs.url + '/exposed' } }) };`,
};
