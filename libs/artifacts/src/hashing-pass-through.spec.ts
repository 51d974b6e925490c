import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HashingPassThrough, sha256OfStream } from './hashing-pass-through.js';
import { generatedStream, readAll } from './testing/object-store-contract.js';

describe('HashingPassThrough', () => {
  it('passes bytes through unchanged and exposes their digest and count after the end', async () => {
    const hasher = new HashingPassThrough();
    assert.throws(() => hasher.digest(), /before the stream ended/);
    const received: Buffer[] = [];
    await pipeline(Readable.from([Buffer.from('abc'), Buffer.from('def')]), hasher, new Writable({ write: (c, _e, cb) => (received.push(c), cb()) }));
    assert.equal(Buffer.concat(received).toString(), 'abcdef');
    assert.equal(hasher.digest(), createHash('sha256').update('abcdef').digest('hex'));
    assert.equal(hasher.bytes, 6);
  });

  it('sha256OfStream agrees with hashing the whole content', async () => {
    const content = await readAll(generatedStream(1_000_000));
    assert.equal(await sha256OfStream(generatedStream(1_000_000)), createHash('sha256').update(content).digest('hex'));
  });
});
