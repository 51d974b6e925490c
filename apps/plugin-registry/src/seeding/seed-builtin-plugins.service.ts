import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { packDirectory, type ObjectStore } from '@appmanager/artifacts';
import { isDomainError } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry-env.schema.js';
import { manifestFileNames } from '../package/package-limits.js';
import { uploadPrefix, UploadPluginUseCase } from '../plugins/upload-plugin.usecase.js';

export interface SeedReport {
  created: string[];
  unchanged: string[];
  failed: Array<{ dir: string; error: string }>;
}

/** Not part of a package: build output, dependencies, editor config. */
const packIgnore = ['node_modules/', 'dist/', 'tsconfig*.json', '*.tsbuildinfo', '.*'];

/**
 * Seeds the built-in plugins (every folder under PLUGINS_DIR with a manifest) through the
 * same path a user's upload takes: pack, store under uploads/, upload use case. A restart
 * with unchanged folders stores nothing; a new version is activated only when nothing is
 * active or it is newer than the active one, so an operator's rollback survives restarts.
 * A folder whose content changed under an existing version is logged as an error naming
 * it, and the service keeps starting — one bad built-in must not take the registry down.
 */
@Injectable()
export class SeedBuiltinPlugins implements OnApplicationBootstrap {
  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(UploadPluginUseCase) private readonly upload: UploadPluginUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_BUILTIN_PLUGINS) return;
    await this.seed();
  }

  async seed(dir = this.config.PLUGINS_DIR): Promise<SeedReport> {
    const report: SeedReport = { created: [], unchanged: [], failed: [] };
    const log = rootLogger();
    if (!existsSync(dir)) {
      log.warn({ dir }, `no built-in plugins folder at ${dir}; nothing seeded`);
      return report;
    }
    const folders = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(dir, e.name)).sort();
    for (const folder of folders) {
      if (!manifestFileNames.some((m) => existsSync(join(folder, m)))) continue;
      try {
        const key = `${uploadPrefix}${randomUUID()}.tgz`;
        await this.storage.put(key, packDirectory(folder, { ignorePatterns: packIgnore }), { contentType: 'application/gzip' });
        const result = await this.upload.execute(key, 'if-newer');
        const label = `${result.plugin.kind}/${result.plugin.name}@${result.plugin.version}`;
        (result.created ? report.created : report.unchanged).push(label);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.failed.push({ dir: folder, error: message });
        log.error({ err: error, dir: folder, code: isDomainError(error) ? error.code : undefined }, `built-in plugin in ${folder} was not seeded: ${message}`);
      }
    }
    log.info({ created: report.created, unchanged: report.unchanged.length, failed: report.failed.length }, `seeded built-in plugins from ${dir}`);
    return report;
  }
}
