import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import S3rver from 's3rver';
import { DomainError } from '@appmanager/contracts';
import { isDomainErrorWith, objectStoreContract, readAll } from '../testing/object-store-contract.js';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.js';

/** A port nobody listens on: bind an ephemeral one and release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const credentials = { accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', useSSL: false };

describe('S3ObjectStore against s3rver', () => {
  let dir: string;
  let server: S3rver;
  let options: S3ObjectStoreOptions;
  let store: S3ObjectStore;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'artifacts-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
    const { port } = await server.run();
    // A fresh bucket per run: ensureReady() must create it.
    options = { ...credentials, endPoint: '127.0.0.1', port, bucket: `artifacts-${randomUUID().slice(0, 8)}` };
    store = new S3ObjectStore(options);
    await store.ensureReady();
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  objectStoreContract(() => store, 'contract');

  it('creates the bucket once and tolerates a second ensureReady', async () => {
    await store.ensureReady();
    await store.ping();
  });

  it('reports a missing bucket on ping', async () => {
    const other = new S3ObjectStore({ ...options, bucket: 'never-created' });
    await assert.rejects(other.ping(), isDomainErrorWith('service_unavailable', 'has no bucket never-created'));
  });

  it('hands out a presigned URL a plain HTTP client can download from', async () => {
    await store.put('url/file.txt', Buffer.from('via presigned url'), { contentType: 'text/plain' });
    const url = await store.downloadUrl('url/file.txt', { expiresSeconds: 60 });
    assert.ok(url);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'via presigned url');
    await assert.rejects(store.downloadUrl('url/file.txt', { expiresSeconds: 0 }), isDomainErrorWith('bad_request'));
  });

  it('reads objects written by others (no recorded sha256) without claiming a digest', async () => {
    await store.put('foreign/part', Buffer.from('abc'));
    const stat = await store.stat('foreign/part');
    assert.equal(stat?.size, 3);
    assert.equal((await readAll(await store.get('foreign/part'))).toString(), 'abc');
  });
});

describe('S3ObjectStore when nothing listens', () => {
  it('reports service_unavailable naming the endpoint', async () => {
    const port = await closedPort();
    const store = new S3ObjectStore({ ...credentials, endPoint: '127.0.0.1', port, bucket: 'unreachable' });
    const endpoint = `http://127.0.0.1:${port}`;
    for (const attempt of [() => store.ensureReady(), () => store.ping(), () => store.put('a/b', Buffer.from('x')), () => store.get('a/b')]) {
      await assert.rejects(attempt(), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'service_unavailable');
        assert.match(error.message, new RegExp(`^object storage unreachable at ${endpoint}: `));
        return true;
      });
    }
  });
});
