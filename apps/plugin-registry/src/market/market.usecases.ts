import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStore } from '@appmanager/artifacts';
import { DomainError, type MarketEntryDto, type PluginKindName } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { PluginRegistryStore } from '@appmanager/persistence';
import { pluginLabel } from '../plugins/plugin.view.js';
import { uploadPrefix, UploadPluginUseCase, type UploadResult } from '../plugins/upload-plugin.usecase.js';
import { MarketIndex, marketPackageKey } from './market-index.js';
import { MARKET_STORE } from './market-store.provider.js';

type Ref = { kind: PluginKindName; name: string; version: string };

/**
 * Publishing copies a stored version's original package into the market store and lists
 * it; installing copies it back into another installation through the ordinary upload
 * path, verifying the sha256 the index promises on the way.
 */
@Injectable()
export class MarketUseCases {
  private readonly index: MarketIndex;

  constructor(
    @Inject(PluginRegistryStore) private readonly store: PluginRegistryStore,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(MARKET_STORE) private readonly market: ObjectStore,
    @Inject(UploadPluginUseCase) private readonly upload: UploadPluginUseCase,
  ) {
    this.index = new MarketIndex(market);
  }

  async publish(ref: Ref): Promise<MarketEntryDto> {
    const row = await this.store.findVersionSummary(ref.kind, ref.name, ref.version);
    if (!row) throw new DomainError('not_found', `there is no plugin ${pluginLabel(ref)} to publish`, [{ path: 'version', message: 'not found' }]);
    const existing = await this.index.entry(ref);
    if (existing) {
      if (existing.sha256 === row.packageSha256) return existing;
      throw new DomainError('conflict', `the market already has ${pluginLabel(ref)} with other content (sha256 ${existing.sha256.slice(0, 12)}); publish a new version`, [
        { path: 'version', message: 'taken in the market by other content' },
      ]);
    }
    const key = marketPackageKey(ref);
    const source = await this.storage.get(row.packageKey, { expectSha256: row.packageSha256 });
    const put = await this.market.put(key, source, { contentType: 'application/gzip' });
    const entry: MarketEntryDto = {
      ...ref,
      description: String(row.manifest['description'] ?? ''),
      sha256: put.sha256,
      size: put.size,
      key,
      publishedAt: new Date().toISOString(),
    };
    await this.index.addEntry(entry);
    rootLogger().info({ plugin: ref.name, kind: ref.kind, version: ref.version, sha256: put.sha256 }, `published ${pluginLabel(ref)} to the market`);
    return entry;
  }

  async list(kind?: PluginKindName): Promise<MarketEntryDto[]> {
    return (await this.index.list()).filter((e) => !kind || e.kind === kind);
  }

  async install(ref: Ref, activate: boolean): Promise<UploadResult & { sha256: string }> {
    const entry = await this.index.entry(ref);
    if (!entry) {
      const offered = (await this.index.list()).filter((e) => e.kind === ref.kind && e.name === ref.name).map((e) => e.version);
      throw new DomainError('not_found', `the market has no ${pluginLabel(ref)} (versions: ${offered.join(', ') || 'none'})`, [{ path: 'version', message: 'not in the market' }]);
    }
    const uploadKey = `${uploadPrefix}${randomUUID()}.tgz`;
    // The market stream fails after its last byte when the content does not match the index's sha256, so the copy fails too.
    const copied = await this.storage.put(uploadKey, await this.market.get(entry.key, { expectSha256: entry.sha256 }), { contentType: 'application/gzip' }).catch(async (error: unknown) => {
      await this.storage.delete(uploadKey).catch(() => undefined);
      throw isShaMismatch(error) ? new DomainError('conflict', `the market package ${entry.key} does not match its sha256 ${entry.sha256}; not installed`, [{ path: 'sha256', message: 'mismatch' }]) : error;
    });
    if (copied.sha256 !== entry.sha256) {
      await this.storage.delete(uploadKey).catch(() => undefined);
      throw new DomainError('conflict', `the market package ${entry.key} has sha256 ${copied.sha256}, the index says ${entry.sha256}; not installed`, [{ path: 'sha256', message: 'mismatch' }]);
    }
    const result = await this.upload.execute(uploadKey, activate);
    return { ...result, sha256: entry.sha256 };
  }
}

const isShaMismatch = (error: unknown): boolean => /sha256 mismatch/i.test(String((error as Error)?.message ?? error));
