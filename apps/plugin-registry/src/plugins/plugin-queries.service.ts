import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type PluginKindName, type PluginSummaryDto } from '@appmanager/contracts';
import { PluginRegistryStore, type PluginVersionEntity } from '@appmanager/persistence';
import { bySemverDesc, pluginLabel } from './plugin.view.js';

/** Read side of the registry: lists, definitions and the version a reference resolves to. */
@Injectable()
export class PluginQueries {
  constructor(@Inject(PluginRegistryStore) private readonly store: PluginRegistryStore) {}

  async list(kind?: PluginKindName): Promise<PluginSummaryDto[]> {
    const [definitions, keys] = await Promise.all([this.store.listDefinitions(kind), this.store.listVersionKeys(kind)]);
    const versions = new Map<string, string[]>();
    for (const k of keys) versions.set(`${k.kind}/${k.name}`, [...(versions.get(`${k.kind}/${k.name}`) ?? []), k.version]);
    const items: PluginSummaryDto[] = [];
    for (const d of definitions) {
      const list = (versions.get(`${d.kind}/${d.name}`) ?? []).sort(bySemverDesc);
      const describedBy = d.activeVersion ?? list[0];
      const description = describedBy ? ((await this.store.findVersionSummary(d.kind, d.name, describedBy))?.manifest['description'] as string | undefined) : undefined;
      items.push({ kind: d.kind as PluginKindName, name: d.name, description: description ?? '', activeVersion: d.activeVersion, versions: list });
    }
    return items;
  }

  /**
   * The row a reference means: the pinned version, else the active one. A plugin with
   * versions but none active is an error that says so, rather than silently using one.
   */
  async resolve(ref: { kind: PluginKindName; name: string; version?: string }): Promise<PluginVersionEntity> {
    const version = ref.version ?? (await this.activeVersion(ref.kind, ref.name));
    const row = await this.store.findVersion(ref.kind, ref.name, version);
    if (!row) throw new DomainError('not_found', `there is no plugin ${pluginLabel({ ...ref, version })}`, [{ path: 'version', message: 'not found' }], { plugin: ref.name, kind: ref.kind, version });
    return row;
  }

  async activeVersion(kind: PluginKindName, name: string): Promise<string> {
    const definition = await this.store.findDefinition(kind, name);
    if (!definition) throw new DomainError('not_found', `there is no plugin ${pluginLabel({ kind, name })}`, [{ path: 'name', message: 'not found' }], { plugin: name, kind });
    if (!definition.activeVersion) {
      throw new DomainError('not_found', `${pluginLabel({ kind, name })} has no active version; activate one first`, [{ path: 'version', message: 'no active version' }], { plugin: name, kind });
    }
    return definition.activeVersion;
  }
}
