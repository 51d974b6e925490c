// A FAKE Kubernetes API server for tests: the real thing cannot run here. It serves just
// enough of the API for list + watch of namespaced core/v1 resources: discovery
// (GET /api/v1), list with a resourceVersion, and watch (?watch=true) that replays
// events newer than the given resourceVersion (410 Gone when it is too old), sends
// bookmarks on request, and can drop every watch stream or go silent (connections stay
// open, nothing is sent) so a client's reconnect, relist and watchdog can be tested
// against real HTTP traffic.
import { createServer } from 'node:http';

const resources = [
  { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'] },
  { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list', 'watch'] },
];

/**
 * @param {{ historyLimit?: number }} [options] how many events a watch can replay (older → 410 Gone)
 */
export async function startFakeKubeApi(options = {}) {
  const historyLimit = options.historyLimit ?? 1_000;
  let revision = 1;
  /** plural → namespace/name → object */
  const objects = new Map(resources.map((r) => [r.name, new Map()]));
  /** {rv, plural, namespace, type, object} */
  const log = [];
  const watches = new Set();
  let silent = false;
  const stats = { lists: 0, watches: 0, requests: [] };

  const send = (watch, line) => {
    if (silent) return;
    watch.res.write(`${JSON.stringify(line)}\n`);
  };

  function record(plural, type, object) {
    const entry = { rv: revision, plural, namespace: object.metadata.namespace, type, object };
    log.push(entry);
    if (log.length > historyLimit) log.shift();
    for (const watch of watches) if (matches(watch, entry)) send(watch, { type, object });
  }

  const matches = (watch, entry) => watch.plural === entry.plural && (watch.namespace === undefined || watch.namespace === entry.namespace) && selects(watch.selector, entry.object);

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://fake');
    stats.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/api/v1') return json(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources });
    const match = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?([a-z]+)$/.exec(url.pathname);
    if (!match || !objects.has(match[2])) return json(res, 404, status(404, 'NotFound', `the server could not find ${url.pathname}`));
    const [, namespace, plural] = match;
    const selector = url.searchParams.get('labelSelector') ?? undefined;
    if (url.searchParams.get('watch') === 'true') {
      stats.watches++;
      const from = Number(url.searchParams.get('resourceVersion') ?? revision);
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      const watch = { res, plural, namespace, selector, bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true' };
      const oldest = log.length > 0 ? log[0].rv : revision;
      if (from < oldest - 1) {
        res.write(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${from} (${oldest - 1})`) })}\n`);
        return res.end();
      }
      watches.add(watch);
      req.on('close', () => watches.delete(watch));
      res.flushHeaders();
      for (const entry of log) if (entry.rv > from && matches(watch, entry)) send(watch, { type: entry.type, object: entry.object });
      return;
    }
    stats.lists++;
    const items = [...objects.get(plural).values()].filter((o) => (namespace === undefined || o.metadata.namespace === namespace) && selects(selector, o));
    const kind = resources.find((r) => r.name === plural).kind;
    return json(res, 200, { kind: `${kind}List`, apiVersion: 'v1', metadata: { resourceVersion: String(revision) }, items });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** Creates or replaces an object (kind from the plural), recording ADDED or MODIFIED. */
    put(plural, object) {
      revision++;
      const key = `${object.metadata.namespace}/${object.metadata.name}`;
      const existed = objects.get(plural).has(key);
      const kind = resources.find((r) => r.name === plural).kind;
      const stored = { apiVersion: 'v1', kind, ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
      objects.get(plural).set(key, stored);
      record(plural, existed ? 'MODIFIED' : 'ADDED', stored);
      return stored;
    },
    remove(plural, namespace, name) {
      const key = `${namespace}/${name}`;
      const existing = objects.get(plural).get(key);
      if (!existing) return;
      revision++;
      objects.get(plural).delete(key);
      record(plural, 'DELETED', { ...existing, metadata: { ...existing.metadata, resourceVersion: String(revision) } });
    },
    /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
    bookmark() {
      for (const watch of watches) if (watch.bookmarks) send(watch, { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(revision) } } });
    },
    /** Closes every open watch stream (as an API server restart or a load balancer would). */
    dropWatches() {
      for (const watch of watches) watch.res.destroy();
      watches.clear();
    },
    /** Keeps connections open but sends nothing (a hung proxy); `false` resumes for new events. */
    setSilent(value) {
      silent = value;
    },
    openWatches: () => watches.size,
    async close() {
      for (const watch of watches) watch.res.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function selects(selector, object) {
  if (!selector) return true;
  const labels = object.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels[key] === value;
  });
}

function status(code, reason, message) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function json(res, code, body) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
