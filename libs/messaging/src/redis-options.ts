import { Redis } from 'ioredis';

/**
 * Redis connection options from a URL, shaped for BullMQ: workers need
 * `maxRetriesPerRequest: null` so a Redis blip pauses them instead of failing jobs.
 */
export interface RedisConnectionSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  maxRetriesPerRequest: null;
  enableReadyCheck: boolean;
  retryStrategy: (times: number) => number;
}

export function redisOptionsFromUrl(url: string): RedisConnectionSettings {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Back off up to 2s between reconnects; never give up (Redis may come back).
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/** One-shot reachability check for /readyz: connects, PINGs, disconnects. */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<void> {
  const client = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** A plain Redis client for callers that need Redis beyond BullMQ (reconcilers, schedulers). */
export function createRedisClient(url: string): Redis {
  return new Redis(redisOptionsFromUrl(url));
}
/** Deletes every key matching `pattern` (SCAN, not KEYS: it does not block Redis), for cleaning up after a run. */
export async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = createRedisClient(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
export type { Redis };
