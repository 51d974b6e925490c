import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppChangeTally } from './app-change-tally.js';

describe('AppChangeTally (bench:status watch phase)', () => {
  it('is not complete while a measured app is still unchanged, however many other apps change', () => {
    const tally = new AppChangeTally(['a', 'b', 'c']);
    tally.sent('a', 0);
    tally.sent('b', 10);
    tally.sent('c', 20);
    tally.changed('a', 40);
    tally.changed('b', 55);
    // App changes of the flip phase's apps arrive on the same subscription.
    for (const other of ['x', 'y', 'z', 'w']) tally.changed(other, 60);
    assert.equal(tally.complete, false);
    assert.deepEqual(tally.summary().missing, ['c']);
    tally.changed('c', 70);
    assert.equal(tally.complete, true);
    assert.deepEqual(tally.summary(), { latenciesMs: [40, 45, 50], preempted: [], missing: [] });
  });

  it('an app that changed before its event was sent is reported as preempted, not as a latency', () => {
    const tally = new AppChangeTally(['a', 'b']);
    tally.changed('b', 5);
    tally.sent('a', 0);
    tally.sent('b', 10);
    tally.changed('a', 30);
    tally.changed('b', 40);
    assert.equal(tally.complete, true);
    assert.deepEqual(tally.summary(), { latenciesMs: [30], preempted: ['b'], missing: [] });
  });

  it('counts only the first change of an app', () => {
    const tally = new AppChangeTally(['a']);
    tally.sent('a', 100);
    tally.changed('a', 130);
    tally.changed('a', 900);
    assert.deepEqual(tally.summary().latenciesMs, [30]);
  });
});
