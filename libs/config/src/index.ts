export { loadConfig, ConfigError } from './load-config.js';
export { infraEnvSchema, type InfraConfig } from './infra-env.schema.js';
export { servicePortDefaults, serviceNodeFlags, type ServiceName } from './service-ports.js';
