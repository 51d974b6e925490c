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
});
export type NodeOrderDto = z.output<typeof nodeOrderDto>;

export const deployOrderDto = z.object({
  id: z.string(),
  app: z.string(),
  revision: z.number().int(),
  target: deployTarget,
  state: z.enum(orderStates),
  /** One sentence an operator can act on: which node failed and why. */
  summary: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
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
