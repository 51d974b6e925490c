import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import tar from 'tar-stream';
import { eventually, startServiceProcess, waitForHttp } from '@appmanager/testing';
import { http, root, startStack, type Stack } from './stack.js';

/** Every entry of a tar held in memory: name → bytes. */
async function tarEntries(file: Buffer): Promise<Map<string, Buffer>> {
  const extract = tar.extract();
  Readable.from([file]).pipe(extract);
  const out = new Map<string, Buffer>();
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    out.set(entry.header.name, Buffer.concat(chunks));
  }
  return out;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
const importInto = (api: string, file: Buffer) =>
  fetch(`${api}/v1/packages/import`, { method: 'POST', headers: { 'content-type': 'application/x-tar' }, body: file }).then(async (r) => ({ status: r.status, body: (await r.json()) as { created: boolean } }));

describe('packaging: a package moves between two units as one file', () => {
  let unitA: Stack;
  let unitB: Stack;
  let sources: string;
  // Large and random: packed as a plain tar (gzip would not shrink it), next to a small gzipped component.
  const blob = randomBytes(20 * 1024 * 1024);

  before(async () => {
    sources = mkdtempSync(join(tmpdir(), 'pkg-import-'));
    mkdirSync(join(sources, 'web'), { recursive: true });
    writeFileSync(join(sources, 'web', 'server.js'), 'console.log("web")\n'.repeat(50));
    mkdirSync(join(sources, 'assets'), { recursive: true });
    writeFileSync(join(sources, 'assets', 'blob.bin'), blob);
    const env = { PACKAGING_SOURCE_ROOT: sources, PLUGINS_DIR: join(root, 'plugins') };
    // Two units: separate databases, Redis prefixes, NATS subjects and storage (each stack is its own test run).
    [unitA, unitB] = await Promise.all([startStack(['gateway', 'plugin-registry', 'packaging'], env), startStack(['gateway', 'packaging'], env)]);
    const worker = await startServiceProcess('packaging-worker', root, { ...unitA.run.env, ...env });
    unitA.processes.set('packaging-worker', worker);
    await waitForHttp(`http://127.0.0.1:${worker.port}/readyz`, 60_000, () => worker.output().slice(-3000));
  });
  after(async () => {
    await Promise.all([unitA?.stop(), unitB?.stop()]);
    rmSync(sources, { recursive: true, force: true });
  });

  it('imports unit A\'s export into unit B with the same version, tags and bytes; a second import is a no-op', async () => {
    const component = (name: string) => ({ name, type: 'process', source: { path: name }, options: { command: ['node', 'server.js'] } });
    const created = await http('POST', `${unitA.api}/v1/apps/shop/package-tasks`, { version: '2.3.0', tags: ['stable', 'on-sale'], components: [component('web'), component('assets')] });
    assert.equal(created.status, 202, created.text);
    const built = await eventually(async () => {
      const task = (await http('GET', `${unitA.api}/v1/package-tasks/${created.json.id}`)).json;
      return task.state === 'running' ? undefined : task;
    }, 120_000, 'the package in unit A');
    assert.equal(built.state, 'succeeded', JSON.stringify(built));
    const logOf = (name: string): string => built.components.find((c: { name: string }) => c.name === name).log.join('\n');
    assert.match(logOf('assets'), /plain tar: a \d+-byte sample compresses by only/);
    assert.match(logOf('web'), /tar\.gz level 6/);

    const file = await download(`${unitA.api}/v1/apps/shop/packages/2.3.0/archive`);
    const first = await importInto(unitB.api, file);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.created, true);

    const inA = (await http('GET', `${unitA.api}/v1/apps/shop/packages/2.3.0`)).json;
    const inB = (await http('GET', `${unitB.api}/v1/apps/shop/packages/2.3.0`)).json;
    assert.equal(inB.version, '2.3.0');
    assert.deepEqual([...inB.tags].sort(), ['on-sale', 'stable']);
    const hashes = (p: { components: Array<{ name: string; sha256: string; size: number }> }) => p.components.map((c) => `${c.name} ${c.sha256} ${c.size}`).sort();
    assert.deepEqual(hashes(inB), hashes(inA));
    for (const tag of ['stable', 'on-sale']) {
      const tagged = (await http('GET', `${unitB.api}/v1/apps/shop/packages?tag=${tag}`)).json.items.map((p: { version: string }) => p.version);
      assert.deepEqual(tagged, ['2.3.0'], `tag ${tag} in unit B`);
    }

    // Unit B serves the same component bytes: the plain-tar component still holds the source.
    const fromB = await tarEntries(await download(`${unitB.api}/v1/apps/shop/packages/2.3.0/archive`));
    for (const c of inA.components as Array<{ name: string; sha256: string; path: string }>) assert.equal(sha256(fromB.get(c.path)!), c.sha256, c.name);
    const assets = fromB.get('components/assets.tgz')!;
    assert.notEqual(assets[0], 0x1f, 'not gzip');
    assert.ok((await tarEntries(assets)).get('blob.bin')?.equals(blob));

    const again = await importInto(unitB.api, file);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.created, false);
    const versions = (await http('GET', `${unitB.api}/v1/apps/shop/packages`)).json.items.map((p: { version: string }) => p.version);
    assert.deepEqual(versions, ['2.3.0']);
  });
});
