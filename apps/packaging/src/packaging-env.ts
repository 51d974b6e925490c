import { z } from 'zod';
import { loadConfig } from '@appmanager/config';

/**
 * Settings of the packaging processes beyond the shared infra ones. Validated at boot
 * (the process exits naming every bad variable).
 */
export const packagingEnvSchema = z.object({
  /** `path` sources must lie under this directory (the README demo uses examples/<app>/<component>). */
  PACKAGING_SOURCE_ROOT: z.string().min(1).default(process.cwd()),
  /** Scratch space for extracted/cloned sources; each build cleans its own folder. */
  PACKAGING_WORK_DIR: z.string().min(1).default('.data/packaging-work'),
  /** Attempts of a build job before a transient failure (object storage down) fails the component. */
  PACKAGING_BUILD_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** First retry delay; doubles each attempt. */
  PACKAGING_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  /** A worker that stops renewing its job lock for this long is considered dead; its job moves to another worker. */
  PACKAGING_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  /** How often the packaging service re-creates jobs Redis lost for running tasks (it also does so at start). */
  PACKAGING_RECONCILE_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  PACKAGING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Largest uploaded/extracted component source. */
  PACKAGING_MAX_SOURCE_BYTES: z.coerce.number().int().min(1).default(8 * 1024 ** 3),
  PACKAGING_MAX_SOURCE_ENTRIES: z.coerce.number().int().min(1).default(200_000),
  /**
   * Component archive format: `auto` gzips small or compressible sources and stores large
   * incompressible ones as a plain tar (ADR 0006); `gzip` always compresses, `none` never.
   */
  PACKAGING_ARCHIVE_COMPRESSION: z.enum(['auto', 'gzip', 'none']).default('auto'),
  /** Deliveries of one CI message before it is dead-lettered (a handler that keeps failing). */
  CI_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(5),
});
export type PackagingEnv = z.output<typeof packagingEnvSchema>;

export const PACKAGING_ENV = Symbol('PACKAGING_ENV');
export const packagingEnvProvider = { provide: PACKAGING_ENV, useFactory: (): PackagingEnv => loadConfig(packagingEnvSchema) };
