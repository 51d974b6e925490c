import { resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '@appmanager/config';

/** The repository's plugins/ folder, relative to this file once compiled (apps/plugin-registry/dist/config). */
const builtinPluginsDir = resolve(import.meta.dirname, '../../../../plugins');

/** Settings only the plugin registry reads. */
export const registryEnvSchema = z.object({
  /** Where built-in plugin folders (each with a manifest) are found and seeded from at start. */
  PLUGINS_DIR: z.string().min(1).default(builtinPluginsDir),
  SEED_BUILTIN_PLUGINS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * The market store. Unset: the service's own object storage under `market/`. A local
   * directory (MARKET_STORAGE_DIR) or an S3 bucket on the configured S3 endpoint
   * (MARKET_S3_BUCKET) can be shared by several AppManager installations.
   */
  MARKET_STORAGE_DIR: z.string().min(1).optional(),
  MARKET_S3_BUCKET: z.string().min(3).optional(),
  /** Per-call limit of the sandbox that loads a package once at upload. */
  PLUGIN_LOAD_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

export type RegistryConfig = z.output<typeof registryEnvSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
export const loadRegistryConfig = (): RegistryConfig => loadConfig(registryEnvSchema);
