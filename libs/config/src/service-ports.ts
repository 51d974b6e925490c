/**
 * Default HTTP ports: the gateway serves the API; every other process serves only
 * /healthz, /readyz and /metrics on its port. One table so the stack runner, the README
 * and the services agree.
 */
export const servicePortDefaults = {
  gateway: 7001,
  'plugin-registry': 7002,
  packaging: 7003,
  'packaging-worker': 7004,
  deployment: 7005,
  'deployment-worker': 7006,
  workflow: 7007,
  addon: 7008,
  'status-watch': 7009,
  'process-supervisor': 7010,
} as const;

export type ServiceName = keyof typeof servicePortDefaults;
