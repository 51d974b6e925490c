import { z } from 'zod';

/**
 * BullMQ queues and their job names. Constants, never class names: renaming a queue is
 * a migration. Jobs carry ids only; MySQL holds the truth (a job can be rebuilt from it).
 */
export const queues = {
  deploymentNodes: 'deployment-nodes-v1',
} as const;

export const deploymentNodeJob = {
  name: 'run-node',
  data: z.object({
    orderId: z.string(),
    nodeId: z.string(),
    attempt: z.number().int().min(1),
    /** Set on the re-enqueued jobs that poll a component's `get`: the poll number (1, 2, …). */
    poll: z.number().int().min(1).optional(),
  }),
} as const;
export type DeploymentNodeJobData = z.output<typeof deploymentNodeJob.data>;

/** Asks a worker to call a terminated component's `destroy` (only when its plugin asks for that). */
export const destroyNodeJob = {
  name: 'destroy-node',
  data: z.object({ orderId: z.string(), nodeId: z.string() }),
} as const;
export type DestroyNodeJobData = z.output<typeof destroyNodeJob.data>;

/**
 * Job id = order/node/attempt (+ poll number), so re-enqueueing the same step twice is a
 * no-op in BullMQ. Trait node ids hold `:`, which BullMQ refuses in custom ids: it becomes `~`.
 */
const jobSafe = (nodeId: string): string => nodeId.replaceAll(':', '~');
export const deploymentNodeJobId = (d: DeploymentNodeJobData): string =>
  `${d.orderId}.${jobSafe(d.nodeId)}.${d.attempt}` + (d.poll === undefined ? '' : `.p${d.poll}`);
export const destroyNodeJobId = (d: DestroyNodeJobData): string => `${d.orderId}.${jobSafe(d.nodeId)}.destroy`;
