import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { deploymentSchema, DeployOrderStore, NodeRunStore, openServiceDatabase, type NewNodeOrder, type StartCandidate } from '@appmanager/persistence';
import { createTestRun } from '@appmanager/testing';

/**
 * The DAG engine's hot statements against real MariaDB: a success that makes dependants
 * ready starts them in the same transaction — gates settled (no job), components queued —
 * and two finishers of one dependant start it exactly once.
 */
describe('NodeRunStore hot path against MariaDB', () => {
  const run = createTestRun('nrs');
  let db: Awaited<ReturnType<typeof openServiceDatabase>>;
  let otherDb: Awaited<ReturnType<typeof openServiceDatabase>>;
  let orders: DeployOrderStore;
  let runs: NodeRunStore;
  /** A second process's store: its own pool, its own batches, its own transactions. */
  let otherRuns: NodeRunStore;

  before(async () => {
    const config = loadConfig(infraEnvSchema, { ...process.env, ...run.env });
    db = await openServiceDatabase(config, deploymentSchema);
    otherDb = await openServiceDatabase(config, deploymentSchema);
    orders = new DeployOrderStore(db);
    runs = new NodeRunStore(db);
    otherRuns = new NodeRunStore(otherDb);
  });
  after(async () => {
    await db?.destroy();
    await otherDb?.destroy();
    await run.cleanup();
  });

  const node = (nodeId: string, kind: 'gate' | 'component', dependsOn: string[]): NewNodeOrder => ({ nodeId, kind, component: nodeId.replace('#gate', ''), type: kind === 'gate' ? 'gate' : 'noop', dependsOn, spec: null });
  const candidate = (nodeId: string, dependsOn: string[]): StartCandidate => ({ nodeId, gate: nodeId.endsWith('#gate'), dependsOn });

  /** An order whose component `c` waits (through its gate) on components `a` and `b`. */
  async function diamond(): Promise<string> {
    const id = randomUUID();
    await orders.create(
      { id, app: `app-${id.slice(0, 8)}`, revision: 1, cluster: 'local', namespace: 'default', stage: 'prod', state: 'running', parameters: null, pluginVersions: null, packageVersion: null, createdAt: new Date() },
      [node('a', 'component', []), node('b', 'component', []), node('c#gate', 'gate', ['a', 'b']), node('c', 'component', ['c#gate'])],
    );
    await runs.start(id, [], ['a', 'b'], new Date());
    for (const n of ['a', 'b']) {
      const now = new Date();
      assert.equal(await runs.claim(id, n, { from: 'queued', fromAttempts: 0, attempt: 1, launchKey: `${id}/${n}/1`, startedAt: now, deadlineAt: new Date(now.getTime() + 60_000), message: null }), true, `claim ${n}`);
    }
    return id;
  }

  const finish = () => ({ from: ['launching' as const], attempts: 1, polls: 0, message: 'ready', finishedAt: new Date() });

  it('settles a gate without a job and queues the component behind it in the success transaction', async () => {
    const id = await diamond();
    const first = await runs.succeedAndStart(id, 'a', finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])]);
    assert.deepEqual(first, { blocked: false, started: [] }, 'b has not finished yet: nothing starts');

    const second = await runs.succeedAndStart(id, 'b', finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])]);
    assert.deepEqual(second, {
      blocked: false,
      started: [
        { nodeId: 'c#gate', state: 'succeeded', attempts: 1 },
        { nodeId: 'c', state: 'queued', attempts: 0 },
      ],
    });
    const states = Object.fromEntries((await orders.nodes(id)).map((n) => [n.nodeId, n.state]));
    assert.deepEqual(states, { a: 'succeeded', b: 'succeeded', 'c#gate': 'succeeded', c: 'queued' });
  });

  it('starts a dependant exactly once when its two predecessors finish at the same moment in two processes', async () => {
    for (let round = 0; round < 10; round++) {
      const id = await diamond();
      const results = await Promise.all(
        [runs, otherRuns].map((store, i) => store.succeedAndStart(id, ['a', 'b'][i]!, finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])])),
      );
      const starts = results.flatMap((r) => r?.started ?? []).filter((s) => s.nodeId === 'c');
      assert.equal(starts.length, 1, `round ${round}: c started by exactly one finisher (${JSON.stringify(results)})`);
    }
  });

  it('starts it exactly once, for one of the callers, when both successes go in one batch', async () => {
    const id = await diamond();
    // One call in flight at a time: while a stale success (it loses) is out, a and b wait and go together.
    const batching = new NodeRunStore(db, { maxInFlight: 1, maxBatch: 64 });
    const stale = batching.succeedAndStart(id, 'a', { ...finish(), attempts: 9 }, [], []);
    const results = await Promise.all(['a', 'b'].map((n) => batching.succeedAndStart(id, n, finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])])));
    assert.equal(await stale, undefined);
    assert.ok(results.every((r) => r !== undefined), 'both successes won');
    const starts = results.flatMap((r) => r!.started);
    assert.deepEqual(starts, [
      { nodeId: 'c#gate', state: 'succeeded', attempts: 1 },
      { nodeId: 'c', state: 'queued', attempts: 0 },
    ]);
  });

  it('stores each node of a batch of successes with its own message, attrs, outputs and result, byte for byte', async () => {
    const id = await diamond();
    const batching = new NodeRunStore(db, { maxInFlight: 1, maxBatch: 64 });
    const stale = batching.succeedAndStart(id, 'a', { ...finish(), attempts: 9 }, [], []);
    const big = 'x'.repeat(100_000);
    const patch = {
      a: { message: `it's "ready" — ünïcode \\ done`, attrs: { pid: 41 }, outputs: { url: 'http://a:1/', nested: { list: [1, 'two', null] } }, result: { properties: { q: "'" } } },
      b: { message: 'b ready', attrs: { pid: 42 }, outputs: { big }, result: { properties: {} } },
    };
    const results = await Promise.all((['a', 'b'] as const).map((n) => batching.succeedAndStart(id, n, { ...finish(), ...patch[n] }, [], [])));
    assert.equal(await stale, undefined);
    assert.ok(results.every((r) => r !== undefined), 'both won, in one batch');
    const rows = new Map((await orders.nodes(id)).map((n) => [n.nodeId, n]));
    for (const n of ['a', 'b'] as const) {
      assert.equal(rows.get(n)?.state, 'succeeded');
      assert.equal(rows.get(n)?.message, patch[n].message);
      assert.deepEqual(rows.get(n)?.attrs, patch[n].attrs);
      assert.deepEqual(rows.get(n)?.outputs, patch[n].outputs);
      assert.deepEqual(rows.get(n)?.result, patch[n].result);
    }
  });

  it('claims many nodes in one call, each with its own answer', async () => {
    const id = await diamond(); // a and b are launching on attempt 1
    await runs.start(id, [], ['c#gate'], new Date()); // a queued row to claim
    const now = new Date();
    // One call in flight at a time: the first claim goes at once on its own, the others wait and go as one batch.
    const batching = new NodeRunStore(db, { maxInFlight: 1, maxBatch: 64 });
    const claim = (nodeId: string, from: 'queued' | 'launching', fromAttempts: number) =>
      batching.claim(id, nodeId, { from, fromAttempts, attempt: fromAttempts + 1, launchKey: `${id}/${nodeId}/${fromAttempts + 1}`, startedAt: now, deadlineAt: new Date(now.getTime() + 60_000), message: null });
    const results = await Promise.all([claim('a', 'queued', 0), claim('a', 'queued', 0), claim('c#gate', 'queued', 0), claim('c#gate', 'queued', 0), claim('b', 'launching', 1)]);
    assert.deepEqual(results, [false, false, true, false, true], 'the stale claims and the duplicate lose, the lost attempt is replaced');
    const rows = new Map((await orders.nodes(id)).map((n) => [n.nodeId, n]));
    assert.equal(rows.get('c#gate')?.launchKey, `${id}/c#gate/1`);
    assert.equal(rows.get('c#gate')?.startedAt?.getTime(), now.getTime(), 'times stored as given (UTC, milliseconds)');
    assert.equal(rows.get('b')?.attempts, 2);
    assert.equal(rows.get('b')?.launchKey, `${id}/b/2`);
    assert.equal(rows.get('a')?.attempts, 1, 'untouched');
  });

  it('reports a dependant that was skipped meanwhile as blocked (the caller runs the slow path)', async () => {
    const id = await diamond();
    await orders.transitionNode(id, 'c#gate', ['pending'], { state: 'skipped', message: 'skipped: b failed' });
    const result = await runs.succeedAndStart(id, 'a', finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])]);
    assert.deepEqual(result, { blocked: true, started: [] });
  });

  it('loses the compare-and-set for an attempt that is not the current one, and changes nothing', async () => {
    const id = await diamond();
    const stale = await runs.succeedAndStart(id, 'a', { ...finish(), attempts: 2 }, [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])]);
    assert.equal(stale, undefined);
    const a = (await orders.nodes(id)).find((n) => n.nodeId === 'a');
    assert.equal(a?.state, 'launching');
  });

  it('gives an order a progress mark that changes when any node moves and only then (the reconciler skips moving orders)', async () => {
    const id = await diamond();
    const before = await runs.progressMark(id);
    assert.equal(await runs.progressMark(id), before, 'nothing moved: same mark');
    assert.equal(await runs.succeedAndStart(id, 'a', { ...finish(), attempts: 2 }, [], []), undefined, 'a lost compare-and-set moves nothing');
    assert.equal(await runs.progressMark(id), before, 'a lost compare-and-set leaves the mark');
    await runs.succeedAndStart(id, 'a', finish(), [candidate('c#gate', ['a', 'b'])], [candidate('c', ['c#gate'])]);
    const after = await runs.progressMark(id);
    assert.notEqual(after, before, 'a node succeeded: new mark');
    assert.equal(await runs.progressMark(randomUUID()), '0:0', 'an order without nodes');
  });
});
