import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SendCoalescer } from './send-coalescer.js';

describe('SendCoalescer', () => {
  it('makes the sends of one turn together, after the turn, in the order asked', async () => {
    const coalescer = new SendCoalescer();
    const log: string[] = [];
    const done = Promise.all([1, 2, 3].map((n) => coalescer.defer(() => log.push(`send ${n}`))));
    log.push('turn ends');
    await done;
    assert.deepEqual(log, ['turn ends', 'send 1', 'send 2', 'send 3']);
  });

  it('settles each caller with its own send: value, rejection or throw', async () => {
    const coalescer = new SendCoalescer();
    const ok = coalescer.defer(() => Promise.resolve('acked'));
    const rejected = coalescer.defer(() => Promise.reject(new Error('no stream')));
    const thrown = coalescer.defer(() => {
      throw new Error('bad subject');
    });
    assert.equal(await ok, 'acked');
    await assert.rejects(rejected, /no stream/);
    await assert.rejects(thrown, /bad subject/);
  });

  it('keeps working for later turns', async () => {
    const coalescer = new SendCoalescer();
    assert.equal(await coalescer.defer(() => 1), 1);
    assert.equal(await coalescer.defer(() => 2), 2);
  });
});
