import { createServer, type Server } from 'node:http';

/**
 * The counting plugin's other end: counts `launch` calls per node attempt, tells each
 * component how to behave, and can hold a launch open (slow-launch) so a test can kill
 * the worker in the middle of it.
 */
export class LaunchCounter {
  readonly launches = new Map<string, number>();
  readonly destroyed: string[] = [];
  private readonly modes = new Map<string, string>();
  private server: Server | undefined;
  url = '';

  setMode(component: string, mode: 'ok' | 'slow-launch' | 'launch-throws' | 'get-failed' | 'never-ready'): void {
    this.modes.set(component, mode);
  }

  /** Launch counts of one node (`order/node`), by attempt. */
  attemptsOf(orderId: string, nodeId: string): Map<number, number> {
    const out = new Map<number, number>();
    for (const [key, count] of this.launches) {
      const [id, attempt] = key.split('#');
      if (id === `${orderId}/${nodeId}`) out.set(Number(attempt), count);
    }
    return out;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/mode') return void res.end(this.modes.get(url.searchParams.get('component') ?? '') ?? 'ok');
      if (url.pathname === '/destroy') {
        this.destroyed.push(url.searchParams.get('component') ?? '');
        return void res.end('ok');
      }
      if (url.pathname === '/launch') {
        const key = url.searchParams.get('key') ?? '';
        this.launches.set(key, (this.launches.get(key) ?? 0) + 1);
        if (url.searchParams.get('mode') === 'slow-launch') return void setTimeout(() => res.end('ok'), 4_000);
        return void res.end('ok');
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
