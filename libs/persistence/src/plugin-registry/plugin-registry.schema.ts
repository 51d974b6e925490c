import type { ServiceSchema } from '../data-source/create-service-data-source.js';
import { basicServiceSchema } from '../common/basic-schema.js';
import { ProcessedEventEntity } from '../common/processed-event.entity.js';
import { PluginDefinitionEntity } from './plugin-definition.entity.js';
import { PluginVersionEntity } from './plugin-version.entity.js';
import { InitPluginRegistry1767000000002 } from './migrations/1767000000002-init-plugin-registry.js';

/** The shell's first migration (processed_event) stays first, so databases created before this schema upgrade in place. */
const shellMigrations = basicServiceSchema('plugin-registry').migrations as Array<new () => unknown>;

export const pluginRegistrySchema: ServiceSchema = {
  service: 'plugin-registry',
  entities: [PluginDefinitionEntity, PluginVersionEntity, ProcessedEventEntity],
  migrations: [...shellMigrations, InitPluginRegistry1767000000002],
};
