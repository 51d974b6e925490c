import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from './group-commit.js';

/** A `run` whose calls the test releases by hand, recording each batch. */
function gatedRun() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const run = (batch: number[]): Promise<number[]> => {
    batches.push(batch);
    return new Promise((resolve) => releases.push(() => resolve(batch.map((n) => n * 10))));
  };
  return { run, batches, releaseNext: () => releases.shift()!() };
}
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('sends a request at once when nothing is in flight, and gives the caller its result', async () => {
    const g = gatedRun();
    const commit = new GroupCommit(g.run, { maxInFlight: 1, maxBatch: 100 });
    const result = commit.submit(7);
    assert.deepEqual(g.batches, [[7]], 'no waiting for the end of the turn');
    g.releaseNext();
    assert.equal(await result, 70);
  });

  it('holds requests made while the calls in flight are at the limit, then sends them together', async () => {
    const g = gatedRun();
    const commit = new GroupCommit(g.run, { maxInFlight: 1, maxBatch: 100 });
    const first = commit.submit(1);
    const later = [commit.submit(2), commit.submit(3)];
    await turn();
    assert.deepEqual(g.batches, [[1]], 'nothing more goes out while the first call is in flight');
    g.releaseNext();
    assert.equal(await first, 10);
    await turn();
    assert.deepEqual(g.batches, [[1], [2, 3]]);
    g.releaseNext();
    assert.deepEqual(await Promise.all(later), [20, 30]);
  });

  it('splits at maxBatch and uses up to maxInFlight calls at once', async () => {
    const g = gatedRun();
    const commit = new GroupCommit(g.run, { maxInFlight: 2, maxBatch: 2 });
    const all = Promise.all([1, 2, 3, 4, 5, 6].map((n) => commit.submit(n)));
    assert.deepEqual(g.batches, [[1], [2]]);
    g.releaseNext();
    await turn();
    assert.deepEqual(g.batches, [[1], [2], [3, 4]], 'what waited goes in batches of at most maxBatch');
    g.releaseNext();
    await turn();
    assert.deepEqual(g.batches, [[1], [2], [3, 4], [5, 6]]);
    g.releaseNext();
    g.releaseNext();
    assert.deepEqual(await all, [10, 20, 30, 40, 50, 60]);
  });

  it('rejects every request of a failed call and keeps serving the next ones', async () => {
    let fail = true;
    const commit = new GroupCommit<number, number>(async (batch) => {
      if (fail) throw new Error('deadlock, gave up');
      return batch;
    }, { maxInFlight: 1, maxBatch: 10 });
    const failed = [commit.submit(1), commit.submit(2)];
    for (const f of failed) await assert.rejects(f, /deadlock, gave up/);
    fail = false;
    assert.equal(await commit.submit(3), 3);
  });

  it('refuses a run that returns the wrong number of results', async () => {
    const commit = new GroupCommit<number, number>(async () => [], { maxInFlight: 1, maxBatch: 10 });
    await assert.rejects(commit.submit(1), /0 results for 1 requests/);
  });
});
