// The behaviour every ObjectStore driver must show, written once and run by each driver's
// spec (local in *.spec.ts, s3 against s3rver in *.int-spec.ts). Not exported from the lib.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { sha256OfStream } from '../hashing-pass-through.js';
import type { ObjectStore } from '../object-store.js';

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function listAll(store: ObjectStore, prefix: string): Promise<{ key: string; size: number }[]> {
  const items: { key: string; size: number }[] = [];
  for await (const item of store.list(prefix)) items.push(item);
  return items;
}

/** A deterministic byte stream of `total` bytes generated chunk by chunk (never held whole). */
export function generatedStream(total: number, chunkSize = 64 * 1024): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunkSize, total - sent);
      const chunk = Buffer.alloc(size);
      for (let i = 0; i < size; i += 1) chunk[i] = (sent + i) % 251;
      sent += size;
      this.push(chunk);
    },
  });
}

/** A stream that yields some bytes and then fails, like a client that disconnects mid-upload. */
export function failingStream(bytesBeforeFailure: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(bytesBeforeFailure, 7));
      } else {
        this.destroy(new Error('client went away'));
      }
    },
  });
}

export const isDomainErrorWith = (code: string, fragment?: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code && (fragment === undefined || error.message.includes(fragment));

/** `store()` is read inside each test, so the driver may be created in a `before` hook. */
export function objectStoreContract(store: () => ObjectStore, prefix: string): void {
  const k = (key: string) => `${prefix}/${key}`;

  describe(`ObjectStore contract (${prefix})`, () => {
    it('stores a buffer and returns its size and sha256, readable back with its content type', async () => {
      const body = Buffer.from('hello artifacts');
      const put = await store().put(k('hello.txt'), body, { contentType: 'text/plain' });
      assert.deepEqual(put, { key: k('hello.txt'), size: body.length, sha256: sha256Hex(body) });
      assert.deepEqual(await readAll(await store().get(k('hello.txt'))), body);
      assert.deepEqual(await store().stat(k('hello.txt')), { size: body.length, sha256: sha256Hex(body), contentType: 'text/plain' });
      assert.equal(await store().exists(k('hello.txt')), true);
    });

    it('stores a stream and an empty object', async () => {
      const put = await store().put(k('stream.bin'), generatedStream(300_000));
      assert.equal(put.size, 300_000);
      assert.equal(put.sha256, await sha256OfStream(generatedStream(300_000)));
      const empty = await store().put(k('empty'), Readable.from([]));
      assert.deepEqual(empty, { key: k('empty'), size: 0, sha256: sha256Hex('') });
      assert.equal((await readAll(await store().get(k('empty')))).length, 0);
    });

    it('replaces an object on a second put', async () => {
      await store().put(k('replace.txt'), Buffer.from('one'));
      await store().put(k('replace.txt'), Buffer.from('two!'));
      assert.equal((await readAll(await store().get(k('replace.txt')))).toString(), 'two!');
      assert.equal((await store().stat(k('replace.txt')))?.sha256, sha256Hex('two!'));
    });

    it('reports a missing key as not_found on get and as absent on stat/exists', async () => {
      await assert.rejects(store().get(k('missing')), isDomainErrorWith('not_found', k('missing')));
      assert.equal(await store().stat(k('missing')), undefined);
      assert.equal(await store().exists(k('missing')), false);
    });

    it('verifies an expected sha256 while streaming', async () => {
      const body = Buffer.from('verified content');
      await store().put(k('verify.txt'), body);
      const ok = await readAll(await store().get(k('verify.txt'), { expectSha256: sha256Hex(body) }));
      assert.deepEqual(ok, body);
      const wrong = sha256Hex('something else');
      await assert.rejects(
        readAll(await store().get(k('verify.txt'), { expectSha256: wrong })),
        isDomainErrorWith('conflict', `sha256 mismatch for ${k('verify.txt')}: expected ${wrong} got ${sha256Hex(body)}`),
      );
    });

    it('lists recursively by plain prefix', async () => {
      for (const key of ['list/b/2', 'list/a-1', 'list/a/1', 'list/a/deep/x', 'listing', 'other/z']) {
        await store().put(k(key), Buffer.from(key));
      }
      // Sorted here: s3rver walks its directories instead of returning S3's key order.
      const all = await listAll(store(), k('list'));
      assert.deepEqual(
        all.map((item) => item.key).sort(),
        ['list/a-1', 'list/a/1', 'list/a/deep/x', 'list/b/2', 'listing'].map(k),
      );
      assert.deepEqual(await listAll(store(), k('list/a/')), [
        { key: k('list/a/1'), size: 'list/a/1'.length },
        { key: k('list/a/deep/x'), size: 'list/a/deep/x'.length },
      ]);
      assert.deepEqual(await listAll(store(), k('nothing-here/')), []);
    });

    it('deletes idempotently', async () => {
      await store().put(k('doomed'), Buffer.from('x'));
      await store().delete(k('doomed'));
      assert.equal(await store().exists(k('doomed')), false);
      await store().delete(k('doomed'));
      assert.deepEqual(await listAll(store(), k('doomed')), []);
    });

    it('rejects keys that could escape the store, naming the key field', async () => {
      for (const bad of ['../x', 'a/../b', '/abs', 'a\0b', 'x'.repeat(1025), 'a//b', 'dir/']) {
        await assert.rejects(store().put(bad, Buffer.from('x')), (error: unknown) => {
          assert.ok(error instanceof DomainError, `expected a DomainError for ${JSON.stringify(bad)}`);
          assert.equal(error.code, 'bad_request');
          assert.equal(error.errors[0]?.path, 'key');
          return true;
        });
      }
      await assert.rejects(listAll(store(), '../'), isDomainErrorWith('bad_request'));
    });

    it('keeps the previous version when an upload stream fails midway', async () => {
      await store().put(k('atomic.bin'), Buffer.from('version 1'));
      // The caller's own stream error comes back as it was, not disguised as a storage error.
      await assert.rejects(store().put(k('atomic.bin'), failingStream(100_000)), (error: unknown) => !(error instanceof DomainError) && /client went away/.test(String(error)));
      assert.equal((await readAll(await store().get(k('atomic.bin')))).toString(), 'version 1');
      // 9 MiB: past one S3 part, so a multipart upload is under way when the stream fails.
      await assert.rejects(store().put(k('never.bin'), failingStream(9 * 1024 * 1024)), /client went away/);
      assert.equal(await store().exists(k('never.bin')), false);
    });

    it('streams a 20 MiB object through in parts and reads it back verified', async () => {
      const size = 20 * 1024 * 1024;
      const expected = await sha256OfStream(generatedStream(size));
      const put = await store().put(k('big.bin'), generatedStream(size), { contentType: 'application/octet-stream' });
      assert.deepEqual(put, { key: k('big.bin'), size, sha256: expected });
      assert.equal(await sha256OfStream(await store().get(k('big.bin'), { expectSha256: expected })), expected);
      assert.deepEqual(await store().stat(k('big.bin')), { size, sha256: expected, contentType: 'application/octet-stream' });
    });
  });
}
