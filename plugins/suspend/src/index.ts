import { defineWorkflowStep } from '@appmanager/plugin-sdk';

interface SuspendProperties {
  message?: string;
  duration?: number;
}

/**
 * Asks the workflow engine to pause the run. The operator's text goes out as `reason`
 * (the SDK's field) and as `message` (the step's own property name), so an engine that
 * reads either shows it.
 */
export default defineWorkflowStep<SuspendProperties>({
  execute(_ctx, req) {
    const { message, duration } = req.properties;
    const suspend = {
      ...(message !== undefined ? { reason: message, message } : {}),
      ...(duration !== undefined ? { until: Date.now() + duration * 1000 } : {}),
    };
    return { suspend };
  },
});
