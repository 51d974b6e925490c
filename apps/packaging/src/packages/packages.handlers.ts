import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  deletePackageTagRpc,
  DomainError,
  exportPackageRpc,
  getPackageRpc,
  importPackageRpc,
  listPackagesRpc,
  resolvePackageRpc,
  setPackageTagRpc,
  type AppPackageDto,
} from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { AppPackageStore, type AppPackageEntity } from '@appmanager/persistence';
import { ExportPackageUseCase } from './export-package.usecase.js';
import { ImportPackageUseCase } from './import-package.usecase.js';
import { packageView, storedComponents } from './package.view.js';

/** Reading packages, tags, resolve (for the deployment service), export and import. */
@Injectable()
export class PackagesHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
    @Inject(ExportPackageUseCase) private readonly exporter: ExportPackageUseCase,
    @Inject(ImportPackageUseCase) private readonly importer: ImportPackageUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(listPackagesRpc, async ({ app, tag }) => {
      const tags = await this.packages.tagsByVersion(app);
      return { items: (await this.packages.list(app, tag)).map((row) => packageView(row, tags.get(row.version) ?? [])) };
    });
    this.rpc.handle(getPackageRpc, async ({ app, version }) => this.view(await this.require(app, version)));
    this.rpc.handle(setPackageTagRpc, async ({ app, version, tag }) => {
      const row = await this.require(app, version);
      await this.packages.setTag(app, tag, version);
      return this.view(row);
    });
    this.rpc.handle(deletePackageTagRpc, async ({ app, version, tag }) => {
      const row = await this.require(app, version);
      if (!(await this.packages.deleteTag(app, tag, version))) throw new DomainError('not_found', `${app} ${version} has no tag ${tag}`);
      return this.view(row);
    });
    this.rpc.handle(resolvePackageRpc, async ({ app, version, tag }) => {
      const row = await this.resolve(app, version, tag);
      return {
        app,
        version: row.version,
        appRevision: row.appRevision,
        components: storedComponents(row).map((c) => ({ name: c.name, type: c.type, archiveKey: c.archiveKey, sha256: c.sha256, size: c.size, meta: c.meta })),
      };
    });
    this.rpc.handle(exportPackageRpc, async ({ app, version }) => this.exporter.execute(await this.require(app, version)));
    this.rpc.handle(importPackageRpc, async ({ uploadKey }) => {
      const { row, created } = await this.importer.execute(uploadKey);
      return { package: await this.view(row), created };
    });
  }

  private async resolve(app: string, version?: string, tag?: string): Promise<AppPackageEntity> {
    if (version && tag) throw new DomainError('bad_request', 'give a version or a tag, not both', [{ path: 'tag', message: 'not with version' }]);
    if (version) return this.require(app, version);
    const row = tag ? await this.packages.withTag(app, tag) : await this.packages.latest(app);
    if (!row) throw new DomainError('not_found', tag ? `${app} has no package tagged ${tag}` : `${app} has no package yet`);
    return row;
  }

  private async require(app: string, version: string): Promise<AppPackageEntity> {
    const row = await this.packages.get(app, version);
    if (!row) throw new DomainError('not_found', `${app} has no package ${version}`);
    return row;
  }

  private async view(row: AppPackageEntity): Promise<AppPackageDto> {
    return packageView(row, (await this.packages.tagsByVersion(row.app)).get(row.version) ?? []);
  }
}
