import { deploymentNodeJob, type DeploymentNodeJobData } from '@appmanager/contracts';

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/**
 * A node job's data. Jobs are written only by our own enqueuer, so the hot path checks
 * the shape with plain comparisons (zod costs more than the rest of a no-op job's CPU
 * on a busy worker); anything unexpected goes through the zod schema for its message.
 */
export function nodeJobData(data: unknown): DeploymentNodeJobData {
  const d = data as Partial<DeploymentNodeJobData> | null;
  if (
    d !== null &&
    typeof d === 'object' &&
    typeof d.orderId === 'string' &&
    typeof d.nodeId === 'string' &&
    isPositiveInt(d.attempt) &&
    (d.poll === undefined || isPositiveInt(d.poll)) &&
    Object.keys(d).length === (d.poll === undefined ? 3 : 4)
  ) {
    return d as DeploymentNodeJobData;
  }
  return deploymentNodeJob.data.parse(data);
}
