import { z } from 'zod';
import { defineRpc } from './define-rpc.js';

export const orderStates = ['created', 'planning', 'running', 'succeeded', 'failed', 'terminated'] as const;
export const nodeStates = ['pending', 'queued', 'launching', 'waiting', 'succeeded', 'failed', 'skipped', 'terminated'] as const;
export type OrderState = (typeof orderStates)[number];
export type NodeState = (typeof nodeStates)[number];

export const deployTarget = z.object({
  cluster: z.string().min(1).default('local'),
  namespace: z.string().min(1).default('default'),
  stage: z.string().min(1).default('default'),
});

export const nodeOrderDto = z.object({
  id: z.string(),
  kind: z.enum(['gate', 'component', 'trait']),
  component: z.string(),
  type: z.string(),
  state: z.enum(nodeStates),
  attempts: z.number().int(),
  queuedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  outputs: z.record(z.string(), z.unknown()).nullable(),
  /** The plugin version this node runs (gates have none). */
  plugin: z.object({ name: z.string(), version: z.string() }).nullable().optional(),
  /** Node ids that must succeed before this one runs. */
  dependsOn: z.array(z.string()).optional(),
});
export type NodeOrderDto = z.output<typeof nodeOrderDto>;

export const deployOrderDto = z.object({
  id: z.string(),
  app: z.string(),
  revision: z.number().int(),
  /** The package deployed, when the order came from one. */
  packageVersion: z.string().nullable().default(null),
  target: deployTarget,
  state: z.enum(orderStates),
  /** One sentence an operator can act on: which node failed and why. */
  summary: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** Plugin versions resolved when the order was created (`component/process` → `1.0.0`); retries run the same code. */
  pluginVersions: z.record(z.string(), z.string()).nullable().optional(),
  nodes: z.array(nodeOrderDto),
});
export type DeployOrderDto = z.output<typeof deployOrderDto>;

export const createDeploymentRequest = z.object({
  app: z.string().min(1),
  revision: z.number().int().positive().optional(),
  packageVersion: z.string().optional(),
  target: deployTarget.default({ cluster: 'local', namespace: 'default', stage: 'default' }),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export const createDeploymentRpc = defineRpc('deployment', 'create-order', createDeploymentRequest, deployOrderDto);
export const getDeploymentRpc = defineRpc('deployment', 'get-order', z.object({ id: z.string().min(1) }), deployOrderDto);
export const listDeploymentsRpc = defineRpc(
  'deployment',
  'list-orders',
  z.object({
    app: z.string().optional(),
    state: z.enum(orderStates).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().optional(),
  }),
  z.object({ items: z.array(deployOrderDto.omit({ nodes: true })), nextCursor: z.string().optional() }),
);

const orderIdRequest = z.object({ id: z.string().min(1) });

/** Failed nodes (and the ones skipped behind them) run again; succeeded nodes are kept. Only a failed order can be retried. */
export const retryDeploymentRpc = defineRpc('deployment', 'retry-order', orderIdRequest, deployOrderDto);

/** Stops queued work and marks every unfinished node terminated; `destroy` runs only where the plugin asks for it. */
export const terminateDeploymentRpc = defineRpc('deployment', 'terminate-order', orderIdRequest, deployOrderDto);

/** Deploys the previous succeeded revision to the same target as this order; returns the new order. */
export const rollbackDeploymentRpc = defineRpc('deployment', 'rollback-order', orderIdRequest, deployOrderDto);

export const deploymentGraphDto = z.object({
  orderId: z.string(),
  state: z.enum(orderStates),
  nodes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['gate', 'component', 'trait']),
      component: z.string(),
      type: z.string(),
      state: z.enum(nodeStates),
      attempts: z.number().int(),
      message: z.string().nullable(),
    }),
  ),
  edges: z.array(z.object({ from: z.string(), to: z.string(), reason: z.enum(['sequence', 'output', 'dependsOn']), output: z.string().optional() })),
});
export type DeploymentGraphDto = z.output<typeof deploymentGraphDto>;

/** Nodes and edges with their states: what a dashboard draws. */
export const getDeploymentGraphRpc = defineRpc('deployment', 'get-order-graph', orderIdRequest, deploymentGraphDto);

export const finishedOrderStates: readonly OrderState[] = ['succeeded', 'failed', 'terminated'];
