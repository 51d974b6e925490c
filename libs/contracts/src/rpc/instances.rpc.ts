import { z } from 'zod';
import { defineRpc } from './define-rpc.js';
import { instanceHealthStates, instanceModes } from '../events/instance.events.js';

export const statusWatchService = 'status-watch';

export const componentInstanceDto = z.object({
  id: z.string(),
  component: z.string(),
  plugin: z.object({ name: z.string(), version: z.string() }),
  revision: z.number().int(),
  orderId: z.string(),
  outputs: z.record(z.string(), z.unknown()),
  health: z.enum(instanceHealthStates),
  message: z.string().nullable(),
  mode: z.enum(instanceModes),
  checks: z.number().int(),
  lastCheckAt: z.string().nullable(),
  healthChangedAt: z.string(),
});
export type ComponentInstanceDto = z.output<typeof componentInstanceDto>;

export const appInstanceSummaryDto = z.object({
  id: z.string(),
  app: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  stage: z.string(),
  revision: z.number().int(),
  health: z.enum(instanceHealthStates),
  message: z.string().nullable(),
  componentCount: z.number().int(),
  healthChangedAt: z.string(),
  updatedAt: z.string(),
});
export type AppInstanceSummaryDto = z.output<typeof appInstanceSummaryDto>;

export const appInstanceDto = appInstanceSummaryDto.extend({ components: z.array(componentInstanceDto) });
export type AppInstanceDto = z.output<typeof appInstanceDto>;

export const listInstancesRequest = z.object({
  app: z.string().max(63).optional(),
  stage: z.string().max(63).optional(),
  health: z.enum(instanceHealthStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The last id seen (ids sort by app instance key). */
  cursor: z.string().max(200).optional(),
});

export const listInstancesRpc = defineRpc(
  statusWatchService,
  'list-instances',
  listInstancesRequest,
  z.object({ items: z.array(appInstanceSummaryDto), nextCursor: z.string().nullable() }),
);

export const getInstanceRpc = defineRpc(statusWatchService, 'get-instance', z.object({ id: z.string().min(1).max(64) }), appInstanceDto);

export const healthChangeDto = z.object({
  scope: z.enum(['component', 'app']),
  instanceId: z.string(),
  component: z.string().nullable(),
  health: z.enum(instanceHealthStates),
  previousHealth: z.enum(instanceHealthStates).nullable(),
  message: z.string().nullable(),
  at: z.string(),
});

export const instanceHistoryRpc = defineRpc(
  statusWatchService,
  'instance-history',
  z.object({ id: z.string().min(1).max(64), limit: z.coerce.number().int().min(1).max(1_000).default(100) }),
  /** Newest first: the app's own changes and its components'. */
  z.object({ items: z.array(healthChangeDto) }),
);

/** Destroys every component (plugin `destroy`) and forgets the app instance; errors are listed per component. */
export const deleteInstanceRpc = defineRpc(
  statusWatchService,
  'delete-instance',
  z.object({ id: z.string().min(1).max(64) }),
  z.object({
    id: z.string(),
    deleted: z.boolean(),
    components: z.array(z.object({ component: z.string(), destroyed: z.boolean(), message: z.string().nullable() })),
  }),
);
