import { connect, type NatsConnection } from '@nats-io/transport-node';

export type { NatsConnection };

/**
 * Connects once (the caller retries with backoff on failure, see bootstrap) and then
 * reconnects forever on its own: a NATS restart pauses the service, never kills it.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    timeout: 2_000,
    // Otherwise every request (each JetStream publish is one) builds two Error objects up
    // front for their stack traces: 2% of a busy deployment worker's CPU, plus the garbage.
    // Our RpcClient throws its own error, with the caller's stack and the service's name.
    noAsyncTraces: true,
  });
}

/** Round trip to the server for /readyz. */
export async function pingNats(nc: NatsConnection, timeoutMs = 1_000): Promise<void> {
  if (nc.isClosed()) throw new Error('connection closed');
  await Promise.race([
    nc.flush(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs}ms`)), timeoutMs).unref()),
  ]);
}
