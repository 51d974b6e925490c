export { connectNats, pingNats, type NatsConnection } from './nats-connection.js';
export { RpcServer } from './rpc-server.js';
export { RpcClient } from './rpc-client.js';
export { EventBus, deleteStreamsWithPrefix, type StreamSpec } from './event-bus.js';
export type { ProcessedEvents } from './processed-events.js';
export { redisOptionsFromUrl, type RedisConnectionSettings, pingRedis, createRedisClient, deleteRedisKeys, type Redis } from './redis-options.js';
export { zodIssuesToDetails } from './zod-issues.js';
export { encodeJson, decodeJson } from './json-codec.js';
