import { z } from 'zod';
import { defineEvent } from './event-envelope.js';
import { nodeStates, orderStates } from '../rpc/deployments.rpc.js';

export const orderChangedEvent = defineEvent(
  'deployment.order-changed.v1',
  z.object({ orderId: z.string(), app: z.string(), state: z.enum(orderStates), summary: z.string().nullable() }),
);

export const nodeChangedEvent = defineEvent(
  'deployment.node-changed.v1',
  z.object({
    orderId: z.string(),
    nodeId: z.string(),
    component: z.string(),
    state: z.enum(nodeStates),
    attempt: z.number().int(),
    message: z.string().nullable(),
    kind: z.enum(['gate', 'component', 'trait']).optional(),
    /** Set on failed nodes: the plugin's message or why the engine gave up. */
    error: z.string().nullable().optional(),
  }),
);

/** Consumed by status-watch: a component instance now exists at this key. */
export const componentDeployedEvent = defineEvent(
  'deployment.component-deployed.v1',
  z.object({
    orderId: z.string(),
    app: z.string(),
    cluster: z.string(),
    namespace: z.string(),
    stage: z.string(),
    component: z.string(),
    plugin: z.object({ name: z.string(), version: z.string() }),
    revision: z.number().int(),
    outputs: z.record(z.string(), z.unknown()),
    /** What the plugin's `launch` returned; the status watcher hands it back to `health`/`destroy` as `attrs`. */
    attrs: z.record(z.string(), z.unknown()).default({}),
  }),
);
