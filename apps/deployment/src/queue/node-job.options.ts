import type { JobsOptions } from 'bullmq';

/**
 * Job options for node jobs, in one place. BullMQ does not retry a failed node (an
 * operator does, through the API); a worker that dies mid-job leaves the job stalled
 * and BullMQ hands it to another worker. Finished jobs are dropped: MySQL keeps history.
 */
export const nodeJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { count: 1_000 },
};
