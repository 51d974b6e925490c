import { mkdtemp, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalObjectStore } from '@appmanager/artifacts';
import { canReuse, inputsHash, type BuildInputs } from './inputs-hash.js';
import { fingerprint } from './source-stage.js';

describe('inputsHash (reuse by hash)', () => {
  const base: BuildInputs = { type: 'process', pluginVersion: '1.2.0', options: { command: ['node', 'server.js'], env: { A: '1', B: '2' } }, fingerprint: 'path:abc' };

  it('is the same for the same inputs, whatever the order of option keys', () => {
    const reordered = { ...base, options: { env: { B: '2', A: '1' }, command: ['node', 'server.js'] } };
    assert.equal(inputsHash(reordered), inputsHash(base));
  });

  it('changes with the type, the plugin version, any option or the source', () => {
    const hashes = [
      inputsHash(base),
      inputsHash({ ...base, type: 'worker' }),
      inputsHash({ ...base, pluginVersion: '1.2.1' }),
      inputsHash({ ...base, options: { ...base.options, env: { A: '1', B: '3' } } }),
      inputsHash({ ...base, options: { ...base.options, command: ['server.js', 'node'] } }),
      inputsHash({ ...base, fingerprint: 'path:abd' }),
    ];
    assert.equal(new Set(hashes).size, hashes.length);
  });
});

describe('canReuse', () => {
  const exists = (keys: string[]) => async (key: string) => keys.includes(key);

  it('reuses an earlier build only when its archive is still stored', async () => {
    assert.equal(await canReuse(null, exists(['k'])), false);
    assert.equal(await canReuse({ archiveKey: null }, exists(['k'])), false);
    assert.equal(await canReuse({ archiveKey: 'k' }, exists([])), false);
    assert.equal(await canReuse({ archiveKey: 'k' }, exists(['k'])), true);
  });
});

describe('fingerprint of a source', () => {
  let root: string;
  let store: LocalObjectStore;
  const limits = () => ({ sourceRoot: root, maxBytes: 1024 * 1024, maxEntries: 100 });
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'packaging-fingerprint-'));
    await mkdir(join(root, 'src', 'lib'), { recursive: true });
    await writeFile(join(root, 'src', 'server.js'), 'console.log(1)\n');
    await writeFile(join(root, 'src', 'lib', 'util.js'), 'export {}\n');
    store = new LocalObjectStore(join(root, 'store'));
    await store.ensureReady();
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('of a directory stays put while nothing changes, and moves with a changed file time or a new file', async () => {
    const first = await fingerprint(store, { path: 'src' }, limits());
    assert.match(first ?? '', /^path:[0-9a-f]{64}$/);
    assert.equal(await fingerprint(store, { path: 'src' }, limits()), first);
    await utimes(join(root, 'src', 'lib', 'util.js'), new Date(), new Date(Date.now() + 5_000));
    const touched = await fingerprint(store, { path: 'src' }, limits());
    assert.notEqual(touched, first);
    await writeFile(join(root, 'src', 'README'), 'new');
    assert.notEqual(await fingerprint(store, { path: 'src' }, limits()), touched);
  });

  it('of an upload is its sha256, so the same bytes uploaded twice are one build', async () => {
    await store.put('uploads/one.tgz', Buffer.from('same bytes'));
    await store.put('uploads/two.tgz', Buffer.from('same bytes'));
    const one = await fingerprint(store, { archive: 'uploads/one.tgz' }, limits());
    assert.equal(one, await fingerprint(store, { archive: 'uploads/two.tgz' }, limits()));
    assert.match(one ?? '', /^archive:[0-9a-f]{64}$/);
  });

  it('of an image is its reference; git and URL sources have none before they are fetched', async () => {
    assert.equal(await fingerprint(store, { image: 'registry.local/web:7' }, limits()), 'image:registry.local/web:7');
    assert.equal(await fingerprint(store, { git: 'https://example.invalid/repo.git' }, limits()), undefined);
    assert.equal(await fingerprint(store, { url: 'https://example.invalid/a.tgz' }, limits()), undefined);
  });
});
