import type { PluginContext } from './context.js';
import type { Awaitable, JsonObject } from './json.js';

export interface WorkflowStepRequest<P extends object = JsonObject> {
  runId: string;
  step: string;
  app: string;
  properties: P;
  /** The run's shared context (outputs of earlier steps, run inputs). */
  context: JsonObject;
}

export interface WorkflowStepResult {
  outputs?: JsonObject;
  /** Ask the workflow to deploy (a subset of) the application, optionally with policies applied. */
  deploy?: { components?: string[]; policies?: string[] };
  /** Pause the run until resumed (or until `until`, epoch ms). */
  suspend?: { reason?: string; until?: number };
  /** Fail the step with a message the operator sees. */
  fail?: { message: string };
}

export interface WorkflowStepPlugin<P extends object = JsonObject> {
  execute(ctx: PluginContext, req: WorkflowStepRequest<P>): Awaitable<WorkflowStepResult>;
}

/** Identity helper: gives a workflow-step plugin its types. */
export function defineWorkflowStep<P extends object = JsonObject>(plugin: WorkflowStepPlugin<P>): WorkflowStepPlugin<P> {
  return plugin;
}
