import { defineWorkflowStep } from '@appmanager/plugin-sdk';

interface DeployProperties {
  policies?: string[];
  components?: string[];
}

/** Asks the workflow engine to deploy; the engine applies the policies and runs the deploy order. */
export default defineWorkflowStep<DeployProperties>({
  execute(_ctx, req) {
    const { policies = [], components } = req.properties;
    return { deploy: components ? { policies, components } : { policies } };
  },
});
