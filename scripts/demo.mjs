// The example deployment that `npm start` runs once the stack is ready: the hello app
// through the real API, reported step by step so a newcomer sees the whole path work.
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
  return json;
}

export async function runDemo(api, root, say) {
  const yaml = readFileSync(join(root, 'examples/hello.yaml'), 'utf8');
  const revision = await call('PUT', `${api}/v1/apps/hello`, yaml, 'application/yaml');
  say(`app hello stored as revision ${revision.revision} (${revision.created ? 'new' : 'unchanged'})`);
  const order = await call('POST', `${api}/v1/deployments`, { app: 'hello', target: { cluster: 'local', namespace: 'default', stage: 'default' } });
  say(`deploy order ${order.id} created`);
  const deadline = Date.now() + 120_000;
  let current = order;
  while (!['succeeded', 'failed', 'terminated'].includes(current.state)) {
    if (Date.now() > deadline) throw new Error(`deploy order ${order.id} still ${current.state} after 120s`);
    await new Promise((r) => setTimeout(r, 250));
    current = await call('GET', `${api}/v1/deployments/${order.id}`);
  }
  for (const node of current.nodes) {
    say(`  node ${node.id.padEnd(24)} ${node.state.padEnd(10)} ${node.durationMs ?? '-'} ms  ${node.message ?? ''}`);
  }
  if (current.state !== 'succeeded') throw new Error(`deploy order ${order.id} ${current.state}: ${current.summary}`);
  say(`deploy order ${order.id} succeeded: ${current.summary}`);
  const url = current.nodes.find((n) => n.outputs?.url)?.outputs.url;
  if (url) {
    const body = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
    say(`hello answers at ${url}: "${body}"`);
  }
  return current;
}
