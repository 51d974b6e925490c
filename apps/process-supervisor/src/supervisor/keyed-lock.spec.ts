import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedLock } from './keyed-lock.js';

describe('KeyedLock', () => {
  it('runs work for one key one at a time, even after a failure', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = lock.run('k', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('first');
      throw new Error('boom');
    });
    const fast = lock.run('k', async () => order.push('second'));
    await assert.rejects(slow, /boom/);
    await fast;
    assert.deepEqual(order, ['first', 'second']);
  });
  it('lets different keys run side by side', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const a = lock.run('a', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('a');
    });
    await lock.run('b', async () => order.push('b'));
    await a;
    assert.deepEqual(order, ['b', 'a']);
  });
});
