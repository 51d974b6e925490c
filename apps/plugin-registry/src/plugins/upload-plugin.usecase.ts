import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import semver from 'semver';
import type { ObjectStore } from '@appmanager/artifacts';
import { DomainError, type PluginKindName, type PluginVersionDto } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { PluginRegistryStore, type PluginVersionSummary } from '@appmanager/persistence';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { pluginArchiveLimits } from '../package/package-limits.js';
import { readPluginPackage, type PluginPackage } from '../package/read-plugin-package.js';
import { ActivatePluginUseCase } from './activate-plugin.usecase.js';
import { pluginLabel, toVersionDto } from './plugin.view.js';

/** `if-newer` (seeding): activate a newly stored version when nothing is active or it is newer than the active one. */
export type ActivationPolicy = boolean | 'if-newer';

export interface UploadResult {
  plugin: PluginVersionDto;
  created: boolean;
  activated: boolean;
}

/** Uploaded archives wait here; the gateway (and seeding, and market install) put them, this use case deletes them. */
export const uploadPrefix = 'uploads/';
/** A compressed package above this is refused before it is read (the unpacked limit is checked while reading). */
const maxArchiveBytes = pluginArchiveLimits.maxBytes + 1024 * 1024;

/**
 * Stores one plugin version from an uploaded archive: validate and compile it, keep the
 * original archive in object storage (for the market and downloads) and the compiled
 * bundle with the version row. The same (kind, name, version) again with the same
 * content is a no-op; with other content it is a conflict — versions are immutable.
 */
@Injectable()
export class UploadPluginUseCase {
  constructor(
    @Inject(PluginRegistryStore) private readonly store: PluginRegistryStore,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(PluginRuntime) private readonly runtime: PluginRuntime,
    @Inject(ActivatePluginUseCase) private readonly activation: ActivatePluginUseCase,
  ) {}

  async execute(uploadKey: string, activate: ActivationPolicy): Promise<UploadResult> {
    if (!uploadKey.startsWith(uploadPrefix) || uploadKey.includes('..')) {
      throw new DomainError('bad_request', `upload keys live under ${uploadPrefix}`, [{ path: 'uploadKey', message: `must start with ${uploadPrefix}` }]);
    }
    try {
      const archive = await this.readUpload(uploadKey);
      const pkg = await readPluginPackage(Readable.from([archive]), this.runtime);
      const { stored, created } = await this.persist(pkg, archive);
      const activated = await this.maybeActivate(stored, created, activate);
      const definition = await this.store.findDefinition(stored.kind, stored.name);
      return { plugin: toVersionDto(stored, definition?.activeVersion ?? null), created, activated };
    } finally {
      await this.storage.delete(uploadKey).catch((error: unknown) => rootLogger().warn({ err: error, uploadKey }, 'could not delete an upload'));
    }
  }

  private async readUpload(key: string): Promise<Buffer> {
    const stat = await this.storage.stat(key);
    if (!stat) throw new DomainError('not_found', `no upload ${key}`, [{ path: 'uploadKey', message: 'not found' }]);
    if (stat.size > maxArchiveBytes) {
      throw new DomainError('payload_too_large', `the package archive is ${stat.size} bytes; at most ${maxArchiveBytes} are accepted`, [
        { path: 'archive', message: `${stat.size} bytes is over ${maxArchiveBytes}` },
      ]);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async persist(pkg: PluginPackage, archive: Buffer): Promise<{ stored: PluginVersionSummary; created: boolean }> {
    const { kind, name, version } = pkg.manifest;
    const existing = await this.store.findVersionSummary(kind, name, version);
    if (existing) return { stored: this.sameOrConflict(existing, pkg), created: false };
    // Content-addressed key: a racing upload of other content cannot overwrite the winner's archive.
    const packageKey = `plugins/${kind}/${name}/${version}-${pkg.contentHash.slice(0, 16)}.tgz`;
    const put = await this.storage.put(packageKey, archive, { contentType: 'application/gzip' });
    const result = await this.store.addVersion({
      kind,
      name,
      version,
      contentHash: pkg.contentHash,
      manifest: pkg.manifest,
      methods: pkg.methods,
      code: pkg.compiled.code,
      sourceMap: pkg.compiled.sourceMap,
      packageKey,
      packageSha256: put.sha256,
      packageSize: put.size,
    });
    if (!result.created) {
      if (result.stored.packageKey !== packageKey) await this.storage.delete(packageKey).catch(() => undefined);
      return { stored: this.sameOrConflict(result.stored, pkg), created: false };
    }
    rootLogger().info({ plugin: name, kind, version, contentHash: pkg.contentHash }, `stored ${pluginLabel({ kind, name, version })}`);
    return result;
  }

  private sameOrConflict(stored: PluginVersionSummary, pkg: PluginPackage): PluginVersionSummary {
    if (stored.contentHash === pkg.contentHash) return stored;
    const label = pluginLabel(pkg.manifest);
    throw new DomainError(
      'conflict',
      `${label} already exists with different content (stored ${stored.contentHash.slice(0, 12)}, uploaded ${pkg.contentHash.slice(0, 12)}); versions are immutable, publish a new version`,
      [{ path: 'manifest.yaml:version', message: `${pkg.manifest.version} is taken by other content` }],
      { plugin: pkg.manifest.name, kind: pkg.manifest.kind, version: pkg.manifest.version },
    );
  }

  private async maybeActivate(stored: PluginVersionSummary, created: boolean, policy: ActivationPolicy): Promise<boolean> {
    const kind = stored.kind as PluginKindName;
    if (policy === true) {
      await this.activation.execute(kind, stored.name, stored.version);
      return true;
    }
    if (policy !== 'if-newer' || !created) return false;
    const active = (await this.store.findDefinition(kind, stored.name))?.activeVersion ?? null;
    if (active !== null && !semver.gt(stored.version, active)) return false;
    await this.activation.execute(kind, stored.name, stored.version);
    return true;
  }
}
