import { z } from 'zod';

/**
 * The packaging service's BullMQ queue: one job per component build and one per app
 * task assembly. Jobs carry ids only; MySQL holds the task state.
 */
export const packagingQueues = {
  packaging: 'packaging-v1',
} as const;

export const buildComponentJob = {
  name: 'build-component',
  data: z.object({ taskId: z.string(), component: z.string() }),
} as const;
export type BuildComponentJobData = z.output<typeof buildComponentJob.data>;

export const assemblePackageJob = {
  name: 'assemble-package',
  data: z.object({ taskId: z.string() }),
} as const;
export type AssemblePackageJobData = z.output<typeof assemblePackageJob.data>;

export const buildComponentJobId = (d: BuildComponentJobData): string => `${d.taskId}.${d.component}`;
export const assemblePackageJobId = (d: AssemblePackageJobData): string => `${d.taskId}.assemble`;
