import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
/** A prefix that isolates a whole installation (or a test run): databases, Redis keys, NATS subjects, streams. */
const prefix = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lowercase letters, digits and _ only, starting with a letter, at most 31 chars');

/** Connection settings every service shares. Defaults are the local development servers. */
export const infraEnvSchema = z.object({
  MYSQL_HOST: z.string().min(1).default('127.0.0.1'),
  MYSQL_PORT: port.default(3306),
  MYSQL_USER: z.string().min(1).default('root'),
  MYSQL_PASSWORD: z.string().default(''),
  /** Each service owns the database `${DB_PREFIX}_${service}`. */
  DB_PREFIX: prefix.default('appmanager'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix. */
  REDIS_PREFIX: prefix.default('appmanager'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** First token of every NATS subject and of every JetStream stream name. */
  NATS_PREFIX: prefix.default('appmanager'),
  /** How long a NATS request waits for a service before the caller gets `service_unavailable`. */
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().min(1).default('.data/artifacts'),
  S3_ENDPOINT: z.string().default('127.0.0.1'),
  S3_PORT: port.default(9000),
  S3_USE_SSL: bool.default(false),
  S3_ACCESS_KEY: z.string().default('minioadmin'),
  S3_SECRET_KEY: z.string().default('minioadmin'),
  S3_BUCKET: z.string().min(3).default('appmanager'),
  S3_REGION: z.string().default('us-east-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Graceful shutdown: how long in-flight work may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
});

export type InfraConfig = z.output<typeof infraEnvSchema>;
