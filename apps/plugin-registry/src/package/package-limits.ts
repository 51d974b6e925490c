import type { ArchiveLimits } from '@appmanager/artifacts';

/** What one plugin package may hold once unpacked. A plugin is a script, not a data set. */
export const pluginArchiveLimits: ArchiveLimits = { maxBytes: 5 * 1024 * 1024, maxEntries: 500 };

/**
 * Largest compiled bundle (code + source map) accepted. A bundle travels to hosts in one
 * NATS reply, and NATS payloads stop at 1 MiB; this leaves room for the descriptor.
 */
export const maxBundleBytes = 900 * 1024;

/** File names the registry looks for at the package root, in this order. */
export const manifestFileNames = ['manifest.yaml', 'manifest.yml', 'manifest.json'] as const;

/** Files the compiler may read; anything else in the package (README, tests data) is kept but not compiled. */
export const sourceExtensions = ['.ts', '.mts', '.js', '.mjs', '.json'];
