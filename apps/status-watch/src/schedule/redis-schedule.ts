import type { Redis } from '@appmanager/messaging';

/**
 * Claims due ids atomically: first gives back leases whose replica stopped (expired),
 * then moves due ids from `due` to `lease` (score = lease expiry) and records the
 * claim's token, so two replicas never check one instance at the same time.
 */
const claimScript = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local leaseUntil = now + tonumber(ARGV[3])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZADD', KEYS[1], now, id)
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
if #ids == 0 then return ids end
redis.call('ZREM', KEYS[1], unpack(ids))
local leased = {}
local owners = {}
for i, id in ipairs(ids) do
  leased[2 * i - 1] = leaseUntil
  leased[2 * i] = id
  owners[2 * i - 1] = id
  owners[2 * i] = ARGV[4]
end
redis.call('ZADD', KEYS[2], unpack(leased))
redis.call('HSET', KEYS[3], unpack(owners))
return ids
`;

/** Puts checked ids back with their next due time, but only those this claim still owns. */
const completeScript = `
local done = 0
for i = 2, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('HGET', KEYS[3], id) == ARGV[1] then
    redis.call('HDEL', KEYS[3], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZADD', KEYS[1], ARGV[i + 1], id)
    done = done + 1
  end
end
return done
`;

/** (Re)schedules ids at given times, cancelling any claim in flight (its completion is then ignored). */
const scheduleScript = `
for i = 1, #ARGV, 2 do
  local id = ARGV[i + 1]
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZADD', KEYS[1], ARGV[i], id)
end
return #ARGV / 2
`;

/** Adds ids that are neither due nor claimed (rebuild from MySQL); leaves known ones alone. */
const restoreScript = `
local added = 0
for i = 1, #ARGV, 2 do
  local id = ARGV[i + 1]
  if not redis.call('ZSCORE', KEYS[2], id) then
    added = added + redis.call('ZADD', KEYS[1], 'NX', ARGV[i], id)
  end
end
redis.call('SET', KEYS[4], '1')
return added
`;

export interface Claim {
  token: string;
  ids: string[];
}

/**
 * The pull schedule in Redis: a sorted set of next-check times shared by every replica.
 * Redis is not the source of truth: `restore` rebuilds it from MySQL, and the `built`
 * marker disappears with a FLUSHDB so a replica notices at once.
 */
export class RedisSchedule {
  private readonly keys: [string, string, string, string];
  private seq = 0;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly replicaId: string,
  ) {
    const base = `${prefix}:status`;
    this.keys = [`${base}:due`, `${base}:lease`, `${base}:claims`, `${base}:built`];
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<Claim> {
    const token = `${this.replicaId}:${++this.seq}`;
    const ids = (await this.redis.eval(claimScript, 3, this.keys[0], this.keys[1], this.keys[2], now, limit, leaseMs, token)) as string[];
    return { token, ids };
  }

  async complete(token: string, next: Array<[id: string, dueAt: number]>): Promise<number> {
    if (next.length === 0) return 0;
    return (await this.redis.eval(completeScript, 3, this.keys[0], this.keys[1], this.keys[2], token, ...next.flat())) as number;
  }

  async schedule(entries: Array<[id: string, dueAt: number]>): Promise<void> {
    for (let i = 0; i < entries.length; i += 1_000) {
      const chunk = entries.slice(i, i + 1_000);
      await this.redis.eval(scheduleScript, 3, this.keys[0], this.keys[1], this.keys[2], ...chunk.flatMap(([id, at]) => [at, id]));
    }
  }

  async restore(entries: Array<[id: string, dueAt: number]>): Promise<number> {
    if (entries.length === 0) {
      await this.redis.set(this.keys[3], '1');
      return 0;
    }
    return (await this.redis.eval(restoreScript, 4, ...this.keys, ...entries.flatMap(([id, at]) => [at, id]))) as number;
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.multi().zrem(this.keys[0], ...ids).zrem(this.keys[1], ...ids).hdel(this.keys[2], ...ids).exec();
  }

  /** Whether the schedule was built since Redis last lost its data. */
  async isBuilt(): Promise<boolean> {
    return (await this.redis.exists(this.keys[3])) === 1;
  }

  async size(): Promise<number> {
    const [due, leased] = await Promise.all([this.redis.zcard(this.keys[0]), this.redis.zcard(this.keys[1])]);
    return due + leased;
  }

  /** The earliest due time, or null when nothing is scheduled. */
  async nextDue(): Promise<number | null> {
    const [, score] = await this.redis.zrange(this.keys[0], 0, 0, 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  async dueAt(id: string): Promise<number | null> {
    const score = await this.redis.zscore(this.keys[0], id);
    return score === null ? null : Number(score);
  }
}
