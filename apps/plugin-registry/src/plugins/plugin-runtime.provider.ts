import type { Provider } from '@nestjs/common';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry-env.schema.js';

/** The registry's own sandbox: it loads each uploaded package once to check it and learn its methods. */
export const pluginRuntimeProvider: Provider = {
  provide: PluginRuntime,
  inject: [REGISTRY_CONFIG],
  useFactory: (config: RegistryConfig) => new PluginRuntime({ timeoutMs: config.PLUGIN_LOAD_TIMEOUT_MS }),
};
