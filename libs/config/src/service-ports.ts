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

/**
 * Node flags every service process runs with. A 1 MiB young generation (default 16 MiB
 * per semi-space) saves ~30 MiB RSS per process at idle; these services allocate in
 * small bursts, so the extra scavenges cost little (see docs/adr/0002-memory-budget.md).
 * isolated-vm asks for --no-node-snapshot on Node 20+ (without it a process that still
 * holds isolates can crash at exit).
 */
export const serviceNodeFlags = ['--enable-source-maps', '--max-semi-space-size=1', '--no-node-snapshot'] as const;
