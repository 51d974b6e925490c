import { Inject, Injectable } from '@nestjs/common';
import { DomainError, pluginActivatedEvent, type PluginKindName } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import { PluginRegistryStore } from '@appmanager/persistence';
import { bySemverDesc, pluginLabel } from './plugin.view.js';

export interface ActivationResult {
  kind: PluginKindName;
  name: string;
  activeVersion: string;
  previousVersion: string | null;
  changed: boolean;
}

/**
 * Makes exactly the named version active, whatever its number: activating 1.0.0 while
 * 2.0.0 is active is a rollback and really brings 1.0.0's code back. The switch is a
 * compare-and-set on the definition row; the event id derives from the row version, so
 * re-announcing the same activation (a retry after a failed publish) is deduplicated
 * by JetStream and harmless to hosts.
 */
@Injectable()
export class ActivatePluginUseCase {
  constructor(
    @Inject(PluginRegistryStore) private readonly store: PluginRegistryStore,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  async execute(kind: PluginKindName, name: string, version: string): Promise<ActivationResult> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const definition = await this.store.findDefinition(kind, name);
      if (!definition) throw new DomainError('not_found', `there is no plugin ${pluginLabel({ kind, name })}`, [{ path: 'name', message: 'not found' }]);
      const target = await this.store.findVersionSummary(kind, name, version);
      if (!target) {
        const known = (await this.store.listVersionKeys(kind)).filter((v) => v.name === name).map((v) => v.version).sort(bySemverDesc);
        throw new DomainError('not_found', `${pluginLabel({ kind, name })} has no version ${version} (versions: ${known.join(', ') || 'none'})`, [
          { path: 'version', message: 'not found' },
        ]);
      }
      const previous = definition.activeVersion;
      if (previous === version) {
        await this.announce(kind, name, version, previous, definition.version);
        return { kind, name, activeVersion: version, previousVersion: previous, changed: false };
      }
      const rowVersion = await this.store.setActive(kind, name, version, definition.version);
      if (rowVersion === undefined) continue; // another activation won the race: decide again from the new state
      rootLogger().info({ plugin: name, kind, version, previousVersion: previous }, `activated ${pluginLabel({ kind, name, version })}`);
      await this.announce(kind, name, version, previous, rowVersion);
      return { kind, name, activeVersion: version, previousVersion: previous, changed: true };
    }
    throw new DomainError('conflict', `${pluginLabel({ kind, name })} is being activated concurrently; try again`);
  }

  private async announce(kind: PluginKindName, name: string, version: string, previousVersion: string | null, rowVersion: number): Promise<void> {
    await this.events.publish(pluginActivatedEvent, { kind, name, version, previousVersion }, `plugin-activated.${kind}.${name}.${rowVersion}`);
  }
}
