// The example delivery that `npm start` runs once the stack is ready, through the public
// API only, reported step by step: built-in plugins registered → the hello app stored →
// its component packaged from examples/hello/api → that package deployed → the running
// component answers → its instance reported healthy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function call(method, url, body, contentType = 'application/json') {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${json?.detail ?? text}`);
  return { status: res.status, json };
}

async function until(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not done after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runDemo(api, root, say) {
  const builtins = await until('built-in plugins registered', 60_000, async () => {
    const { json } = await call('GET', `${api}/v1/plugins`);
    const names = (json.items ?? []).map((p) => `${p.kind}/${p.name}@${p.activeVersion}`);
    return names.some((n) => n.startsWith('component/process@')) ? names : undefined;
  });
  say(`built-in plugins registered: ${builtins.join(', ')}`);

  const yaml = readFileSync(join(root, 'examples/hello/app.yaml'), 'utf8');
  const { json: revision } = await call('PUT', `${api}/v1/apps/hello`, yaml, 'application/yaml');
  say(`app hello stored as revision ${revision.revision} (${revision.created ? 'new' : 'unchanged'})`);

  const { json: task } = await call('POST', `${api}/v1/apps/hello/package-tasks`, {
    version: 'auto',
    tags: ['demo'],
    components: [{ name: 'api', type: 'process', source: { path: 'examples/hello/api' } }],
  });
  const packaged = await until('package task', 120_000, async () => {
    const { json } = await call('GET', `${api}/v1/package-tasks/${task.id}`);
    return json.state === 'running' ? undefined : json;
  });
  if (packaged.state !== 'succeeded') throw new Error(`package task ${task.id} ${packaged.state}: ${packaged.message ?? JSON.stringify(packaged.components)}`);
  for (const c of packaged.components) say(`  component ${c.name} ${c.state}${c.reusedFrom ? ` (reused from ${c.reusedFrom})` : ''} sha256 ${String(c.sha256).slice(0, 12)}… ${c.size} bytes`);
  const version = packaged.version;
  say(`package hello@${version} stored (task ${task.id})`);

  const { json: order } = await call('POST', `${api}/v1/deployments`, { app: 'hello', packageVersion: version, target: { cluster: 'local', namespace: 'default', stage: 'default' } });
  say(`deploy order ${order.id} created for hello@${version}`);
  const done = await until('deploy order', 120_000, async () => {
    const { json } = await call('GET', `${api}/v1/deployments/${order.id}`);
    return ['succeeded', 'failed', 'terminated'].includes(json.state) ? json : undefined;
  });
  for (const node of done.nodes) say(`  node ${node.id.padEnd(28)} ${node.state.padEnd(10)} ${String(node.durationMs ?? '-').padStart(5)} ms  ${node.message ?? ''}`);
  if (done.state !== 'succeeded') throw new Error(`deploy order ${order.id} ${done.state}: ${done.summary}`);
  say(`deploy order ${order.id} succeeded: ${done.summary}`);

  const url = done.nodes.find((n) => n.outputs?.url)?.outputs.url;
  if (url) say(`hello answers at ${url}: "${await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text()}"`);

  const instances = await call('GET', `${api}/v1/instances?app=hello`).catch((error) => ({ error }));
  if (instances.error) {
    say(`instance health: not available (${instances.error.message})`);
  } else {
    const healthy = await until('instance reported healthy', 60_000, async () => {
      const { json } = await call('GET', `${api}/v1/instances?app=hello`);
      const instance = (json.items ?? []).find((i) => i.stage === 'default');
      return instance?.health === 'healthy' ? instance : undefined;
    });
    const { json: detail } = await call('GET', `${api}/v1/instances/${healthy.id}`);
    const modes = detail.components.map((c) => `${c.component}: ${c.health} by ${c.mode}`).join(', ');
    say(`instance hello/${healthy.cluster}/${healthy.namespace}/${healthy.stage} reported ${healthy.health} (${modes})`);
  }
  return done;
}
