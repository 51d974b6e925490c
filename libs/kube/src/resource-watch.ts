import { KubernetesObjectApi, Watch, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeCluster } from './kube-cluster.js';
import { collectionPath, type WatchTarget } from './watch-target.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type KubeObject = KubernetesObject & Record<string, unknown>;

export interface ResourceWatchHandlers {
  /** One change as it happens. */
  onEvent(type: WatchEventType, object: KubeObject): void;
  /** The full current list after every (re)list: reconcile anything missed while disconnected. */
  onSync?(objects: KubeObject[]): void;
  /** `watching` once a list succeeded and the stream is open; `lost` on errors, drops and watchdog fires. */
  onState?(state: 'watching' | 'lost', reason: string): void;
}

export interface ResourceWatchOptions {
  /** No event and no bookmark for this long → the stream is presumed dead: reconnect and relist. */
  watchdogMs?: number;
  /** Relist this often even when the stream looks fine (informers drift). */
  relistMs?: number;
  /** First retry delay after a failure (doubles up to maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * List + watch of one resource collection that does not trust the stream to stay
 * connected: a watchdog restarts it when nothing (not even a bookmark) arrived for
 * `watchdogMs`, a periodic relist catches what a stream may have missed, a closed stream
 * resumes from the last resourceVersion, and 410 Gone or any error relists.
 */
export class ResourceWatch {
  readonly stats = { lists: 0, watches: 0, events: 0, watchdogFires: 0, relistsOnTimer: 0, errors: 0 };
  private stopped = true;
  private loop: Promise<void> | undefined;
  private current: AbortController | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly cluster: KubeCluster,
    private readonly target: WatchTarget,
    private readonly handlers: ResourceWatchHandlers,
    private readonly options: ResourceWatchOptions = {},
  ) {}

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoff = this.options.backoffMs ?? 200;
    let resourceVersion: string | undefined;
    while (!this.stopped) {
      try {
        if (resourceVersion === undefined) resourceVersion = await this.list();
        const outcome = await this.watchFrom(resourceVersion);
        resourceVersion = outcome.resume ? outcome.resourceVersion : undefined;
        if (!outcome.resume) this.handlers.onState?.('lost', outcome.reason);
        backoff = this.options.backoffMs ?? 200;
      } catch (error) {
        if (this.stopped) break;
        this.stats.errors++;
        resourceVersion = undefined;
        this.handlers.onState?.('lost', error instanceof Error ? error.message : String(error));
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
  }

  private async list(): Promise<string> {
    const api = KubernetesObjectApi.makeApiClient(this.cluster.config);
    const t = this.target;
    const list = await api.list<KubeObject>(t.apiVersion, t.kind, t.namespace, undefined, undefined, undefined, undefined, t.labelSelector);
    this.stats.lists++;
    this.handlers.onSync?.(list.items);
    return list.metadata?.resourceVersion ?? '0';
  }

  /** Streams until it ends; says whether to resume from a resourceVersion or relist. */
  private watchFrom(from: string): Promise<{ resume: boolean; resourceVersion: string; reason: string }> {
    return new Promise((resolve, reject) => {
      let resourceVersion = from;
      let settled = false;
      let received = 0;
      const openedAt = Date.now();
      let watchdog: NodeJS.Timeout | undefined;
      const timers: { relist?: NodeJS.Timeout } = {};
      const finish = (result: { resume: boolean; reason: string } | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        clearTimeout(timers.relist);
        this.current?.abort();
        if (result instanceof Error) reject(result);
        else resolve({ ...result, resourceVersion });
      };
      const feed = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          this.stats.watchdogFires++;
          finish({ resume: false, reason: `no event or bookmark for ${this.options.watchdogMs ?? 60_000} ms` });
        }, this.options.watchdogMs ?? 60_000);
      };
      timers.relist = setTimeout(() => {
        this.stats.relistsOnTimer++;
        finish({ resume: false, reason: 'periodic relist' });
      }, this.options.relistMs ?? 300_000);
      feed();
      const t = this.target;
      const watch = new Watch(this.cluster.config);
      // The client also drops a stream silent for 30 s (an error here → relist); our watchdog may be shorter.
      void watch
        .watch(
          collectionPath(t),
          { resourceVersion: from, allowWatchBookmarks: true, ...(t.labelSelector ? { labelSelector: t.labelSelector } : {}) },
          (type: string, object: KubeObject) => {
            received++;
            feed();
            if (type === 'ERROR') {
              const status = object as { code?: number; message?: string };
              return finish({ resume: false, reason: `watch error ${status.code ?? ''}: ${status.message ?? 'unknown'}` });
            }
            const rv = object.metadata?.resourceVersion;
            if (rv) resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            this.stats.events++;
            this.handlers.onEvent(type as WatchEventType, object);
          },
          (error: unknown) => {
            if (this.stopped) return finish({ resume: false, reason: 'stopped' });
            // A stream that was up and then closed or broke (server timeout, restart, proxy):
            // pick up where it left off; 410 Gone then says whether a relist is needed.
            // One that failed at once (refused, 4xx/5xx) is an error: back off and relist.
            const wasUp = received > 0 || Date.now() - openedAt > 1_000;
            if (error && !wasUp) return finish(error instanceof Error ? error : new Error(String(error)));
            finish({ resume: true, reason: error ? `stream broke: ${String(error)}` : 'stream closed' });
          },
        )
        .then((controller) => {
          this.current = controller;
          this.stats.watches++;
          if (settled) controller.abort();
          else this.handlers.onState?.('watching', 'stream open');
        }, (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
