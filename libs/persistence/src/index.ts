export { openServiceDatabase, pingDatabase, dropDatabasesWithPrefix, type MysqlSettings, type ServiceSchema } from './data-source/create-service-data-source.js';
export { serviceDatabaseName } from './data-source/database-name.js';
export { basicServiceSchema } from './common/basic-schema.js';
export { ProcessedEventsStore } from './common/processed-events.store.js';
export { deploymentSchema } from './deployment/deployment.schema.js';
export { AppRevisionStore, type NewAppRevision } from './deployment/app-revision.store.js';
export { DeployOrderStore, activeTargetKey, type NewDeployOrder, type NewNodeOrder, type NodePatch, type OrderPatch, type NodeGuard } from './deployment/deploy-order.store.js';
export type { AppRevisionEntity } from './deployment/app-revision.entity.js';
export type { DeployOrderEntity } from './deployment/deploy-order.entity.js';
export type { NodeOrderEntity } from './deployment/node-order.entity.js';
/** A TypeORM DataSource, opaque to callers outside this lib. */
export type { DataSource as Database } from 'typeorm';
export { pluginRegistrySchema } from './plugin-registry/plugin-registry.schema.js';
export { PluginRegistryStore, type NewPluginVersion, type PluginVersionSummary } from './plugin-registry/plugin-registry.store.js';
export type { PluginDefinitionEntity } from './plugin-registry/plugin-definition.entity.js';
export type { PluginVersionEntity } from './plugin-registry/plugin-version.entity.js';
