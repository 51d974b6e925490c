import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clusterFromServer, ResourceWatch, type KubeObject, type WatchEventType } from './index.js';

/** The fake API server lives in test/ (a plain .mjs file, so it is loaded at run time). */
interface FakeKubeApi {
  url: string;
  stats: { lists: number; watches: number; requests: string[] };
  put(plural: string, object: { metadata: { name: string; namespace: string; labels?: Record<string, string> }; status?: Record<string, unknown> }): KubeObject;
  remove(plural: string, namespace: string, name: string): void;
  bookmark(): void;
  dropWatches(): void;
  setSilent(value: boolean): void;
  openWatches(): number;
  close(): Promise<void>;
}

const fakePath = resolve(import.meta.dirname, '../../../test/fake-kube-api/fake-kube-api.mjs');
const until = async (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('ResourceWatch against the fake Kubernetes API server', () => {
  let fake: FakeKubeApi;
  before(async () => {
    const module = (await import(pathToFileURL(fakePath).href)) as { startFakeKubeApi(options?: { historyLimit?: number }): Promise<FakeKubeApi> };
    fake = await module.startFakeKubeApi({ historyLimit: 50 });
  });
  after(() => fake.close());

  function follow(options: ConstructorParameters<typeof ResourceWatch>[3] = {}) {
    const seen: Array<{ type: WatchEventType; name: string; phase: unknown }> = [];
    const synced: string[][] = [];
    const states: string[] = [];
    const watch = new ResourceWatch(
      clusterFromServer(fake.url),
      { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace: 'shop', labelSelector: 'app=cart' },
      {
        onEvent: (type, object) => seen.push({ type, name: object.metadata!.name!, phase: (object['status'] as { phase?: string } | undefined)?.phase }),
        onSync: (objects) => synced.push(objects.map((o) => o.metadata!.name!)),
        onState: (state) => states.push(state),
      },
      { backoffMs: 50, ...options },
    ).start();
    return { watch, seen, synced, states };
  }

  it('lists, then streams changes of the selected objects only, and resumes after a dropped stream without missing one', async () => {
    fake.put('pods', { metadata: { name: 'cart-1', namespace: 'shop', labels: { app: 'cart' } }, status: { phase: 'Running' } });
    const { watch, seen, synced } = follow();
    try {
      await until('the first list', () => synced.length === 1);
      assert.deepEqual(synced[0], ['cart-1']);
      await until('an open watch', () => fake.openWatches() === 1);
      fake.put('pods', { metadata: { name: 'cart-1', namespace: 'shop', labels: { app: 'cart' } }, status: { phase: 'Failed' } });
      fake.put('pods', { metadata: { name: 'other', namespace: 'shop', labels: { app: 'web' } } });
      await until('the modification', () => seen.length === 1);
      assert.deepEqual(seen[0], { type: 'MODIFIED', name: 'cart-1', phase: 'Failed' });

      fake.dropWatches();
      fake.put('pods', { metadata: { name: 'cart-2', namespace: 'shop', labels: { app: 'cart' } } });
      await until('the pod added while the stream was down', () => seen.some((e) => e.name === 'cart-2'));
      fake.remove('pods', 'shop', 'cart-1');
      await until('the deletion', () => seen.some((e) => e.type === 'DELETED'));
      assert.deepEqual(seen.map((e) => `${e.type} ${e.name}`), ['MODIFIED cart-1', 'ADDED cart-2', 'DELETED cart-1']);
      assert.ok(fake.stats.requests.some((r) => /watch=true/.test(r) && /resourceVersion=\d+/.test(r)), 'the watch resumes from a resourceVersion');
    } finally {
      await watch.stop();
    }
  });

  it('reconnects and relists when the stream goes silent, and bookmarks keep a quiet stream alive', async () => {
    const { watch, seen, synced, states } = follow({ watchdogMs: 400 });
    try {
      await until('the first list', () => synced.length === 1);
      await until('an open watch', () => fake.openWatches() === 1);
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 200));
        fake.bookmark();
      }
      assert.equal(watch.stats.watchdogFires, 0, 'bookmarks every 200 ms keep a 400 ms watchdog quiet');

      fake.setSilent(true);
      fake.put('pods', { metadata: { name: 'cart-3', namespace: 'shop', labels: { app: 'cart' } } });
      await until('the watchdog', () => watch.stats.watchdogFires >= 1);
      assert.ok(states.includes('lost'));
      fake.setSilent(false);
      await until('a relist that shows the object the silent stream never sent', () => synced.some((names) => names.includes('cart-3')));
      assert.ok(!seen.some((e) => e.name === 'cart-3'), 'the event itself was never streamed: only the relist shows it');
      await until('watching again', () => states.at(-1) === 'watching');
    } finally {
      await watch.stop();
    }
  });

  it('relists when the resourceVersion is too old (410 Gone)', async () => {
    const { watch, synced } = follow({ watchdogMs: 1_000 });
    try {
      await until('the first list', () => synced.length === 1);
      await until('an open watch', () => fake.openWatches() === 1);
      const listsBefore = watch.stats.lists;
      fake.setSilent(true);
      for (let i = 0; i < 60; i++) fake.put('configmaps', { metadata: { name: `c${i}`, namespace: 'shop' } });
      fake.dropWatches();
      fake.setSilent(false);
      await until('a relist after 410', () => watch.stats.lists > listsBefore);
    } finally {
      await watch.stop();
    }
  });

  it('keeps trying while the API server is unreachable, saying the stream is lost', async () => {
    const states: string[] = [];
    const watch = new ResourceWatch(clusterFromServer('http://127.0.0.1:9'), { apiVersion: 'v1', kind: 'Pod', plural: 'pods' }, { onEvent: () => undefined, onState: (s) => states.push(s) }, { backoffMs: 20, maxBackoffMs: 50 }).start();
    try {
      await until('two failures', () => watch.stats.errors >= 2);
      assert.ok(states.every((s) => s === 'lost'));
    } finally {
      await watch.stop();
    }
  });
});
