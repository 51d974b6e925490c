import { runService } from '@appmanager/bootstrap';
import { PluginRegistryModule } from './plugin-registry.module.js';

await runService({ service: 'plugin-registry', module: PluginRegistryModule });
