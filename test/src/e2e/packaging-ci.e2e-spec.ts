import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectNats } from '@appmanager/messaging';
import { eventually } from '@appmanager/testing';
import { http, root, startStack, type Stack } from './stack.js';

describe('packaging: CI trigger, dead letters, export and import', () => {
  let stack: Stack;
  let sources: string;
  let token: string;
  before(async () => {
    sources = mkdtempSync(join(tmpdir(), 'pkg-ci-'));
    mkdirSync(join(sources, 'web'), { recursive: true });
    writeFileSync(join(sources, 'web', 'server.js'), 'console.log("web")\n');
    stack = await startStack(['gateway', 'plugin-registry', 'packaging', 'packaging-worker', 'deployment'], {
      PACKAGING_SOURCE_ROOT: sources,
      CI_MAX_DELIVER: '2',
      PLUGINS_DIR: join(root, 'plugins'),
    });
    const created = await http('POST', `${stack.api}/v1/apps/shop/package-tasks`, { components: [{ name: 'web', type: 'process', source: { path: 'web' }, options: { command: ['node', 'server.js'] } }] });
    await eventually(async () => ((await http('GET', `${stack.api}/v1/package-tasks/${created.json.id}`)).json.state === 'succeeded' ? true : undefined), 60_000, 'first package');
    token = (await http('POST', `${stack.api}/v1/apps/shop/ci-tokens`)).json.token;
  });
  after(async () => {
    await stack?.stop();
    rmSync(sources, { recursive: true, force: true });
  });

  const trigger = (body: object, auth = token) =>
    fetch(`${stack.api}/v1/triggers/ci`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any

  it('builds one package per CI event id, however often it arrives', async () => {
    const event = { eventId: 'pipeline-7', app: 'shop', component: 'web', image: 'registry.local/web:7', version: '2.0.0' };
    const first = await trigger(event);
    assert.equal(first.status, 202, JSON.stringify(first.json));
    const again = await trigger(event);
    assert.equal(again.json.taskId, first.json.taskId);
    assert.equal(again.json.duplicate, true);
    const done = await eventually(async () => {
      const t = await http('GET', `${stack.api}/v1/package-tasks/${first.json.taskId}`);
      return t.json.state === 'running' ? undefined : t.json;
    }, 60_000, 'the CI task');
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    const versions = (await http('GET', `${stack.api}/v1/apps/shop/packages`)).json.items.map((p: { version: string }) => p.version);
    assert.deepEqual(versions, ['2.0.0', '1.0.0']);
    assert.equal((await trigger(event, 'wrong')).status, 401);
  });

  it('dead-letters unknown components, bad versions and non-JSON NATS messages, with the reason', async () => {
    const unknown = await trigger({ eventId: 'e-unknown', app: 'shop', component: 'nope' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.detail, /unknown component nope/);
    const bad = await trigger({ eventId: 'e-bad', app: 'shop', component: 'web', version: 'one' });
    assert.equal(bad.status, 400);
    const nc = await connectNats('nats://127.0.0.1:4222', 'e2e-ci');
    nc.publish(`${stack.run.env.NATS_PREFIX}.ci.build.v1`, new TextEncoder().encode('{not json'));
    nc.publish(`${stack.run.env.NATS_PREFIX}.ci.build.v1`, new TextEncoder().encode(JSON.stringify({ eventId: 'e-ghost', app: 'ghost', component: 'web' })));
    await nc.flush();
    await nc.close();
    const letters = await eventually(async () => {
      const list = (await http('GET', `${stack.api}/v1/triggers/ci/dead-letters`)).json.items as Array<{ reason: string }>;
      return list.length >= 4 ? list : undefined;
    }, 30_000, 'four dead letters');
    const reasons = letters.map((l) => l.reason).join('\n');
    assert.match(reasons, /unknown component nope/);
    assert.match(reasons, /version/);
    assert.match(reasons, /malformed CI event: not JSON/);
    assert.match(reasons, /unknown app ghost/);
  });

  it('exports a package as one file; importing it again is a no-op and a tampered file is rejected', async () => {
    const file = Buffer.from(await (await fetch(`${stack.api}/v1/apps/shop/packages/1.0.0/archive`)).arrayBuffer());
    assert.ok(file.length > 1024);
    const post = (body: Buffer) => fetch(`${stack.api}/v1/packages/import`, { method: 'POST', headers: { 'content-type': 'application/x-tar' }, body });
    const same = await post(file);
    assert.equal(same.status, 200, await same.clone().text());
    assert.equal(((await same.json()) as { created: boolean }).created, false);
    const tampered = Buffer.from(file);
    // One byte inside the first component archive (after the manifest entry): its sha256 no longer matches.
    const manifestSize = parseInt(file.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim(), 8);
    tampered[512 + Math.ceil(manifestSize / 512) * 512 + 512 + 20] ^= 0xff;
    const rejected = await post(tampered);
    assert.equal(rejected.status, 409, await rejected.clone().text());
    assert.match(((await rejected.json()) as { detail: string }).detail, /hash mismatch for component web/);
    const versions = (await http('GET', `${stack.api}/v1/apps/shop/packages`)).json.items.map((p: { version: string }) => p.version);
    assert.deepEqual(versions, ['2.0.0', '1.0.0'], 'nothing half-imported');
  });
});
