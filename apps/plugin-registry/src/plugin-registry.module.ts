import { Module, type Provider } from '@nestjs/common';
import { DATABASE, InfraModule } from '@appmanager/bootstrap';
import { PluginRegistryStore, pluginRegistrySchema, type Database } from '@appmanager/persistence';
import { loadRegistryConfig, REGISTRY_CONFIG } from './config/registry-env.schema.js';
import { MarketHandlers } from './market/market.handlers.js';
import { marketStoreProvider } from './market/market-store.provider.js';
import { MarketUseCases } from './market/market.usecases.js';
import { ActivatePluginUseCase } from './plugins/activate-plugin.usecase.js';
import { PluginQueries } from './plugins/plugin-queries.service.js';
import { pluginRuntimeProvider } from './plugins/plugin-runtime.provider.js';
import { PluginsHandlers } from './plugins/plugins.handlers.js';
import { ResolveHandlers } from './plugins/resolve.handlers.js';
import { UploadPluginUseCase } from './plugins/upload-plugin.usecase.js';
import { SeedBuiltinPlugins } from './seeding/seed-builtin-plugins.service.js';

const storeProviders: Provider[] = [{ provide: PluginRegistryStore, inject: [DATABASE], useFactory: (db: Database) => new PluginRegistryStore(db) }];

/**
 * The plugin registry: validates, compiles and stores plugin packages, keeps exactly one
 * active version per (kind, name), announces activations, serves bundles and
 * descriptors to plugin hosts, seeds the built-in plugins and runs the market.
 */
@Module({
  imports: [
    InfraModule.forService({
      service: 'plugin-registry',
      schema: pluginRegistrySchema,
      capabilities: ['plugins', 'plugin-resolve', 'plugin-describe', 'plugin-validate-properties', 'plugin-market', 'builtin-seeding'],
    }),
  ],
  providers: [
    { provide: REGISTRY_CONFIG, useFactory: loadRegistryConfig },
    ...storeProviders,
    pluginRuntimeProvider,
    marketStoreProvider,
    ActivatePluginUseCase,
    UploadPluginUseCase,
    PluginQueries,
    MarketUseCases,
    PluginsHandlers,
    ResolveHandlers,
    MarketHandlers,
    SeedBuiltinPlugins,
  ],
})
export class PluginRegistryModule {}
