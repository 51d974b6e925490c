// Plugin runtime benchmark: how close a warm plugin call gets to raw isolated-vm, what
// activating a new version costs, and how much memory a cached plugin version holds.
// Run after building: node scripts/bench-plugins.mjs   (prints human lines, then one JSON line)
import { spawnSync } from 'node:child_process';
import ivm from 'isolated-vm';
import { compilePlugin, PluginRuntime } from '@appmanager/plugin-runtime';

// isolated-vm asks for --no-node-snapshot on Node >= 20; --expose-gc steadies the memory figure.
if (!process.execArgv.includes('--no-node-snapshot')) {
  const child = spawnSync(process.execPath, ['--no-node-snapshot', '--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const warmCalls = Number(process.env.BENCH_CALLS ?? 100_000);
const versions = Number(process.env.BENCH_VERSIONS ?? 50);
const cachedPlugins = Number(process.env.BENCH_CACHED ?? 100);

const mib = (bytes) => bytes / 1024 / 1024;
const round = (n, digits = 2) => Number(n.toFixed(digits));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Best calls/s of each contender over `rounds` rounds, rounds interleaved so that both
 * see the same machine load (other processes share these cores).
 */
async function race(count, rounds, contenders) {
  const best = Object.fromEntries(Object.keys(contenders).map((name) => [name, 0]));
  for (const fn of Object.values(contenders)) for (let i = 0; i < 5_000; i++) await fn(i);
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const start = process.hrtime.bigint();
      if (name === 'floor') for (let i = 0; i < count; i++) fn(i); // synchronous: no promise overhead it does not need
      else for (let i = 0; i < count; i++) await fn(i);
      best[name] = Math.max(best[name], count / (Number(process.hrtime.bigint() - start) / 1e9));
    }
  }
  return best;
}

const source = (version) => ({
  entry: 'src/index.ts',
  files: {
    'src/index.ts': `import { defineTrait } from '@appmanager/plugin-sdk';
import { scale } from './scale.js';
export default defineTrait({
  execute(_ctx, req) { return { patch: { replicas: scale(req.properties.replicas ?? 1) } }; },
  ping(_ctx, n: number) { return n; },
  version() { return ${JSON.stringify(version)}; },
});
`,
    'src/scale.ts': 'export const scale = (n: number): number => Math.max(1, Math.min(100, n));\n',
  },
});
const manifest = (name, version) => ({
  kind: 'trait', name, version, description: 'bench', entry: 'src/index.ts', schema: { type: 'object' }, stage: 'pre',
});

// (a) the floor: raw isolated-vm, a trivial function in a warm context, cached Reference, applySync with a copied argument.
// (b) our warm call of a trivial method: JSON marshalling, a fresh ctx, the time limit, the reply envelope.
const isolate = new ivm.Isolate({ memoryLimit: 64 });
const context = isolate.createContextSync();
const trivial = isolate.compileScriptSync('(function ping(n) { return n; })').runSync(context, { reference: true });
const runtime = new PluginRuntime();
const first = await compilePlugin(source('1.0.0'));
runtime.activate({ manifest: manifest('bench', '1.0.0'), ...first });
const ref = { kind: 'trait', name: 'bench', version: '1.0.0' };
const traitRequest = { stage: 'pre', properties: { replicas: 3 }, componentProperties: {} };
const rates = await race(warmCalls, 6, {
  floor: (i) => trivial.applySync(undefined, [i], { arguments: { copy: true } }),
  ping: (i) => runtime.call(ref, 'ping', [i]),
  execute: () => runtime.call(ref, 'execute', [traitRequest]),
});
isolate.dispose();
const floorCallsPerSec = rates.floor;
const callsPerSec = rates.ping;
const ratioToFloor = floorCallsPerSec / callsPerSec;
console.log(`floor: raw isolated-vm applySync          ${Math.round(floorCallsPerSec).toLocaleString('en')} calls/s`);
console.log(`runtime warm call, trivial method         ${Math.round(callsPerSec).toLocaleString('en')} calls/s = ${round(ratioToFloor)}x the floor's cost per call`);
console.log(`runtime warm call, trait execute          ${Math.round(rates.execute).toLocaleString('en')} calls/s (object in, object out)`);
runtime.close();

// (c) activation of a new version: compile + first call.
await compilePlugin(source('warm-up')); // esbuild starts its service once per process; not part of an activation.
const activations = [];
const activationRuntime = new PluginRuntime();
for (let i = 0; i < versions; i++) {
  const version = `2.0.${i}`;
  const start = performance.now();
  const compiled = await compilePlugin(source(version));
  activationRuntime.activate({ manifest: manifest('bench', version), ...compiled });
  const answer = await activationRuntime.call({ kind: 'trait', name: 'bench', version }, 'version', []);
  activations.push(performance.now() - start);
  if (answer !== version) throw new Error(`version ${version} answered ${answer}`);
  activationRuntime.evict('trait', 'bench', version);
}
activations.sort((a, b) => a - b);
const activationP50Ms = percentile(activations, 50);
const activationP99Ms = percentile(activations, 99);
console.log(`activation (compile + first call)        p50 ${round(activationP50Ms)} ms, p99 ${round(activationP99Ms)} ms over ${versions} versions`);
activationRuntime.close();

// (d) memory per cached plugin version (each has its own warm isolate).
const compiled = await compilePlugin(source('3.0.0'));
globalThis.gc?.();
const before = process.memoryUsage();
const memoryRuntime = new PluginRuntime();
for (let i = 0; i < cachedPlugins; i++) {
  memoryRuntime.activate({ manifest: manifest(`mem-${i}`, '3.0.0'), ...compiled });
  await memoryRuntime.call({ kind: 'trait', name: `mem-${i}`, version: '3.0.0' }, 'ping', [i]);
}
globalThis.gc?.();
const after = process.memoryUsage();
const usage = memoryRuntime.memoryUsage();
const memPerPluginMiB = mib(usage.usedHeapBytes + usage.externalBytes) / usage.plugins;
console.log(`memory per cached plugin (isolate used heap + external) ${round(memPerPluginMiB)} MiB`);
console.log(`  isolate total heap (reserved by V8): ${round(mib(usage.totalHeapBytes) / usage.plugins)} MiB each`);
console.log(`  process RSS growth: ${round(mib(after.rss - before.rss) / cachedPlugins)} MiB each (includes native isolate overhead)`);
memoryRuntime.close();

console.log(
  JSON.stringify({
    bench: 'plugins',
    floorCallsPerSec: Math.round(floorCallsPerSec),
    callsPerSec: Math.round(callsPerSec),
    ratioToFloor: round(ratioToFloor),
    activationP50Ms: round(activationP50Ms),
    activationP99Ms: round(activationP99Ms),
    memPerPluginMiB: round(memPerPluginMiB),
  }),
);
