import { Readable } from 'node:stream';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createObjectStore } from '../create-object-store.js';
import { isDomainErrorWith, objectStoreContract, readAll, sha256Hex } from '../testing/object-store-contract.js';
import { LocalObjectStore } from './local-object-store.js';

describe('LocalObjectStore', () => {
  let dir: string;
  let store: LocalObjectStore;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'artifacts-local-'));
    store = new LocalObjectStore(dir);
    await store.ensureReady();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  objectStoreContract(() => store, 'contract');

  it('is what createObjectStore returns for STORAGE_DRIVER=local', async () => {
    const created = await createObjectStore({
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: dir,
      S3_ENDPOINT: '127.0.0.1',
      S3_PORT: 9000,
      S3_USE_SSL: false,
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
      S3_BUCKET: 'bucket',
      S3_REGION: 'us-east-1',
    });
    assert.equal(created.driver, 'local');
  });

  it('detects a stored file corrupted on disk when the caller expects its sha256', async () => {
    const body = Buffer.from('pristine bytes');
    const { sha256 } = await store.put('corrupt/me.bin', body);
    await writeFile(join(dir, 'objects', 'corrupt', 'me.bin'), Buffer.from('tampered bytes'));
    await assert.rejects(
      readAll(await store.get('corrupt/me.bin', { expectSha256: sha256 })),
      isDomainErrorWith('conflict', `sha256 mismatch for corrupt/me.bin: expected ${sha256} got ${sha256Hex('tampered bytes')}`),
    );
    // The recorded digest no longer describes the file, so stat does not vouch for it.
    assert.equal((await store.stat('corrupt/me.bin'))?.sha256, undefined);
  });

  it('leaves no temp files behind after failed and successful puts', async () => {
    await store.put('tidy/ok', Buffer.from('fine'));
    await assert.rejects(store.put('tidy/bad', Readable.from((async function* () {
      yield Buffer.from('partial');
      throw new Error('boom');
    })())), /boom/);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  });

  it('reports a key that clashes with a folder of keys as conflict', async () => {
    await store.put('clash/a/b', Buffer.from('x'));
    await assert.rejects(store.put('clash/a', Buffer.from('y')), isDomainErrorWith('conflict'));
    await assert.rejects(store.put('clash/a/b/c', Buffer.from('z')), isDomainErrorWith('conflict'));
    assert.equal((await readAll(await store.get('clash/a/b'))).toString(), 'x');
  });

  it('has no download URL: callers proxy through get()', async () => {
    await store.put('url/x', Buffer.from('x'));
    assert.equal(await store.downloadUrl('url/x'), undefined);
  });

  it('pings an existing directory', async () => {
    await store.ping();
    await assert.rejects(new LocalObjectStore(join(dir, 'does-not-exist')).ping(), isDomainErrorWith('service_unavailable'));
  });
});

describe('LocalObjectStore listing order', () => {
  it('yields keys in sorted order even where "-" sorts before "/"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'artifacts-order-'));
    try {
      const store = new LocalObjectStore(dir);
      for (const key of ['a/1', 'a-1', 'b', 'a0', 'a/0/z']) await store.put(key, Buffer.from(key));
      const keys: string[] = [];
      for await (const item of store.list('')) keys.push(item.key);
      assert.deepEqual(keys, ['a-1', 'a/0/z', 'a/1', 'a0', 'b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
