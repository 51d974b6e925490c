export { InfraModule, type InfraOptions } from './infra.module.js';
export { InfraLifecycle } from './infra.lifecycle.js';
export { ReadinessService, type ReadinessCheck } from './readiness.service.js';
export { runService, type RunServiceOptions } from './run-service.js';
export { retryConnect } from './retry-connect.js';
export * from './tokens.js';
export { PeriodicPass } from './periodic-pass.js';
