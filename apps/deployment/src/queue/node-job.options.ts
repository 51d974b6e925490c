import type { JobsOptions } from 'bullmq';

/**
 * Job options for node jobs, in one place. A job that throws (a database hiccup, not a
 * plugin failure — those fail the node, not the job) is tried twice more; a worker that
 * dies mid-job leaves the job stalled and BullMQ hands it to another worker. Finished
 * jobs are dropped: MySQL keeps the history, and the reconciler rebuilds lost jobs.
 */
export const nodeJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { count: 1_000 },
};

/** Delay before poll number `poll` of a component's `get`: 200 ms doubling up to the cap. */
export function pollDelayMs(poll: number, capMs: number): number {
  return Math.min(capMs, 200 * 2 ** Math.max(0, poll - 1));
}
