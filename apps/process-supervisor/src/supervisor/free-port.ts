import { createServer } from 'node:net';

/**
 * A port nothing listens on right now, chosen by the kernel. There is a short window in
 * which another program could take it before the process binds; the readiness probe
 * (or the process failing to bind) makes such a race visible rather than silent.
 */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}
