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
  data: z.object({ orderId: z.string(), nodeId: z.string(), attempt: z.number().int().min(1) }),
} as const;
export type DeploymentNodeJobData = z.output<typeof deploymentNodeJob.data>;

/** Job id = order/node/attempt, so re-enqueueing the same attempt is a no-op in BullMQ. */
export const deploymentNodeJobId = (d: DeploymentNodeJobData): string => `${d.orderId}.${d.nodeId}.${d.attempt}`;
