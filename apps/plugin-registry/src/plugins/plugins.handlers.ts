import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { activatePluginRpc, DomainError, getPluginRpc, listPluginsRpc, listPluginVersionsRpc, uploadPluginRpc, type PluginKindName } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { PluginRegistryStore } from '@appmanager/persistence';
import { ActivatePluginUseCase } from './activate-plugin.usecase.js';
import { PluginQueries } from './plugin-queries.service.js';
import { bySemverDesc, pluginLabel, toVersionDto } from './plugin.view.js';
import { UploadPluginUseCase } from './upload-plugin.usecase.js';

/** Upload, list, read and activate plugins (what the gateway's /v1/plugins calls). */
@Injectable()
export class PluginsHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(PluginRegistryStore) private readonly store: PluginRegistryStore,
    @Inject(PluginQueries) private readonly queries: PluginQueries,
    @Inject(UploadPluginUseCase) private readonly upload: UploadPluginUseCase,
    @Inject(ActivatePluginUseCase) private readonly activation: ActivatePluginUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(uploadPluginRpc, ({ uploadKey, activate }) => this.upload.execute(uploadKey, activate));
    this.rpc.handle(listPluginsRpc, async ({ kind }) => ({ items: await this.queries.list(kind) }));
    this.rpc.handle(listPluginVersionsRpc, async ({ kind, name }) => ({ items: await this.versions(kind, name) }));
    this.rpc.handle(activatePluginRpc, ({ kind, name, version }) => this.activation.execute(kind, name, version));
    this.rpc.handle(getPluginRpc, async ({ kind, name }) => {
      const details = await this.versions(kind, name);
      const definition = (await this.store.findDefinition(kind, name))!;
      const shown = await this.store.findVersionSummary(kind, name, definition.activeVersion ?? details[0]!.version);
      const manifest = (shown?.manifest ?? {}) as { description?: string; schema?: Record<string, unknown>; ui?: Record<string, unknown>; appliesTo?: string[]; stage?: 'pre' | 'post'; capabilities?: string[] };
      return {
        kind,
        name,
        description: manifest.description ?? '',
        activeVersion: definition.activeVersion,
        versions: details.map((d) => d.version),
        schema: manifest.schema ?? {},
        ui: manifest.ui,
        appliesTo: manifest.appliesTo,
        stage: manifest.stage,
        capabilities: manifest.capabilities ?? [],
        details,
      };
    });
  }

  private async versions(kind: PluginKindName, name: string) {
    const definition = await this.store.findDefinition(kind, name);
    if (!definition) throw new DomainError('not_found', `there is no plugin ${pluginLabel({ kind, name })}`, [{ path: 'name', message: 'not found' }]);
    const rows = await this.store.listVersions(kind, name);
    return rows.map((r) => toVersionDto(r, definition.activeVersion)).sort((a, b) => bySemverDesc(a.version, b.version));
  }
}
