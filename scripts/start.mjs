// `npm start`: the main job. Infrastructure up, every service up as its own process,
// built-in plugins registered, the example app deployed and reported healthy; then the
// stack keeps running until Ctrl-C (or exits after the demo with --once).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDemo } from './demo.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const once = args.has('--once') || process.env.START_ONCE === '1';
const logDir = join(root, '.run', 'logs');
const t0 = performance.now();
const say = (msg) => console.log(`[start] ${msg}`);
const since = () => `${((performance.now() - t0) / 1000).toFixed(1)}s`;

if (!existsSync(join(root, 'node_modules', '.bin', 'tsc'))) {
  console.error('[start] dependencies are not installed: run `npm ci` first');
  process.exit(1);
}
if (!args.has('--no-infra')) {
  const infra = spawnSync('bash', [join(root, 'scripts/infra-up.sh')], { stdio: 'inherit' });
  if (infra.status !== 0) process.exit(infra.status ?? 1);
}
say('building (incremental)…');
const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { serviceEntryPoints } = await import('@appmanager/testing');
const { servicePortDefaults, serviceNodeFlags } = await import('@appmanager/config');
mkdirSync(logDir, { recursive: true });
const children = [];
for (const [name, entry] of Object.entries(serviceEntryPoints)) {
  const port = servicePortDefaults[name];
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...serviceNodeFlags, join(root, entry)], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${name} exited (${signal ?? code}); see ${join(logDir, `${name}.log`)}`);
  });
  children.push({ name, port, child });
}
say(`started ${children.length} service processes; logs in ${logDir}`);

let stopping = false;
async function stopAll(code) {
  stopping = true;
  say('stopping services…');
  await Promise.all(
    children.map(({ child }) => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    })),
  );
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function waitReady({ name, port }) {
  const deadline = Date.now() + 90_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = (await res.json()).detail ?? res.status;
    } catch (error) {
      last = error.cause?.code ?? String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not ready on :${port} after 90s (${last}); see ${join(logDir, `${name}.log`)}`);
}

try {
  await Promise.all(children.map(waitReady));
  say(`all ${children.length} services ready in ${since()}`);
  const api = `http://127.0.0.1:${servicePortDefaults.gateway}`;
  await runDemo(api, root, say);
  say(`done in ${since()}`);
  console.log(`
  API          ${api}/v1
  API docs     ${api}/docs   (OpenAPI: ${api}/docs-json)
  health       ${api}/healthz · ${api}/readyz · ${api}/v1/services
  metrics      http://127.0.0.1:<port>/metrics on every service (ports: ${children.map((c) => `${c.name} ${c.port}`).join(', ')})
  logs         ${logDir}/<service>.log
`);
  if (once) await stopAll(0);
  else say('stack is running; Ctrl-C stops it');
} catch (error) {
  console.error(`[start] ${error.message}`);
  await stopAll(1);
}
