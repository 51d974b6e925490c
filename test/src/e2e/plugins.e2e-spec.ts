import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import tar from 'tar-stream';
import { stringify } from 'yaml';
import { DomainError } from '@appmanager/contracts';
import { connectNats, RpcClient, type NatsConnection } from '@appmanager/messaging';
import { PluginClient } from '@appmanager/plugin-client';
import { http, startStack, type Stack } from './stack.js';

async function pluginPackage(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const [name, content] of Object.entries(files)) {
    await new Promise<void>((resolve, reject) => pack.entry({ name }, content, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  return gzipSync(await collected);
}

const trait = (name: string, version: string, body = `return { patch: { ran: '${version}' } };`, manifest: Record<string, unknown> = {}) =>
  pluginPackage({
    'manifest.yaml': stringify({ kind: 'trait', name, version, description: `${name} for e2e`, entry: 'src/index.ts', appliesTo: ['*'], stage: 'pre', schema: { type: 'object' }, ...manifest }),
    'src/index.ts': `import { defineTrait } from '@appmanager/plugin-sdk';\nexport default defineTrait({ execute() { ${body} } });\n`,
  });

async function upload(api: string, archive: Buffer, query = '') {
  const response = await fetch(`${api}/v1/plugins${query}`, { method: 'POST', headers: { 'content-type': 'application/gzip' }, body: archive, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', json: JSON.parse(text) as Record<string, unknown> & { errors?: Array<{ path: string; message: string }> } };
}

describe('plugins through the gateway (gateway + plugin-registry as processes)', () => {
  let stack: Stack;
  let nc: NatsConnection;
  before(async () => {
    stack = await startStack(['gateway', 'plugin-registry']);
    nc = await connectNats('nats://127.0.0.1:4222', 'e2e-plugins');
  });
  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('lists the seeded built-ins', async () => {
    const list = await http('GET', `${stack.api}/v1/plugins?kind=trait`);
    assert.equal(list.status, 200, list.text);
    const env = list.json.items.find((p: { name: string }) => p.name === 'env');
    assert.deepEqual({ active: env.activeVersion, versions: env.versions }, { active: '1.0.0', versions: ['1.0.0'] });
    assert.ok(list.json.items.every((p: { kind: string }) => p.kind === 'trait'));
  });

  it('uploads versions, activates an older one and shows it', async () => {
    const v1 = await upload(stack.api, await trait('greeter', '1.0.0'), '?activate=true');
    assert.equal(v1.status, 201, JSON.stringify(v1.json));
    const v2 = await upload(stack.api, await trait('greeter', '2.0.0'), '?activate=true');
    assert.equal(v2.status, 201);
    const same = await upload(stack.api, await trait('greeter', '2.0.0'));
    assert.equal(same.status, 200, 'the same content again is idempotent');
    const changed = await upload(stack.api, await trait('greeter', '2.0.0', "return { patch: { ran: 'x' } };"));
    assert.equal(changed.status, 409);
    assert.equal(changed.type.split(';')[0], 'application/problem+json');

    const activated = await http('POST', `${stack.api}/v1/plugins/trait/greeter/versions/1.0.0/activate`);
    assert.equal(activated.status, 200, activated.text);
    assert.deepEqual({ active: activated.json.activeVersion, previous: activated.json.previousVersion }, { active: '1.0.0', previous: '2.0.0' });
    const got = await http('GET', `${stack.api}/v1/plugins/trait/greeter`);
    assert.equal(got.json.activeVersion, '1.0.0');
    assert.deepEqual(got.json.versions, ['2.0.0', '1.0.0']);
    assert.deepEqual(got.json.schema, { type: 'object' });
    const missing = await http('POST', `${stack.api}/v1/plugins/trait/greeter/versions/9.9.9/activate`);
    assert.equal(missing.status, 404);
  });

  it('answers a bad package with 400 problem+json naming the file and field', async () => {
    const bad = await upload(stack.api, await trait('broken', 'v1'));
    assert.equal(bad.status, 400);
    assert.equal(bad.type.split(';')[0], 'application/problem+json');
    assert.match(String(bad.json.detail), /manifest\.yaml.*version: must be semver/);
    assert.ok(bad.json.errors?.some((e) => e.path === 'manifest.yaml:version'));
    const notGzip = await upload(stack.api, Buffer.from('not an archive'));
    assert.equal(notGzip.status, 400);
    assert.match(String(notGzip.json.detail), /not a valid tar\.gz/);
  });

  it('stops a plugin method that loops forever (plugin_timeout) and keeps serving', async () => {
    const spin = await upload(stack.api, await trait('spin', '1.0.0', 'for (;;) {}'), '?activate=true');
    assert.equal(spin.status, 201);
    const plugins = new PluginClient({ rpc: new RpcClient(nc, stack.run.id, 10_000), runtime: { timeoutMs: 500 } });
    try {
      await assert.rejects(plugins.call({ kind: 'trait', name: 'spin' }, 'execute', [{}]), (error: unknown) => error instanceof DomainError && error.code === 'plugin_timeout');
      const greeter = await plugins.call<{ patch: { ran: string } }>({ kind: 'trait', name: 'greeter' }, 'execute', [{}]);
      assert.deepEqual({ version: greeter.version, ran: greeter.result.patch.ran }, { version: '1.0.0', ran: '1.0.0' }, 'the activated older version runs');
    } finally {
      plugins.close();
    }
    const list = await http('GET', `${stack.api}/v1/plugins`);
    assert.equal(list.status, 200);
  });
});
