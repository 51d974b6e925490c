import { z } from 'zod';
import { defineEvent } from './event-envelope.js';

/**
 * Health of a component or app instance. Plugins report the first four; the rest are the
 * status watcher's own: `progressing` (deployed, not checked yet), `failed` (its plugin can
 * no longer be run), `expired` (unhealthy/unknown for longer than the expiry), `deleted`
 * (an app instance without components for 30 minutes).
 */
export const instanceHealthStates = ['healthy', 'degraded', 'unhealthy', 'unknown', 'progressing', 'failed', 'expired', 'deleted'] as const;
export type InstanceHealth = (typeof instanceHealthStates)[number];

/** How the watcher learns an instance's health right now. */
export const instanceModes = ['watch', 'pull'] as const;
export type InstanceMode = (typeof instanceModes)[number];

/** A component or app instance changed health (published once per change, app changes coalesced). */
export const instanceHealthChangedEvent = defineEvent(
  'instance.health.changed.v1',
  z.object({
    scope: z.enum(['component', 'app']),
    /** The instance id (a component instance id, or the app instance id). */
    id: z.string(),
    appInstanceId: z.string(),
    app: z.string(),
    cluster: z.string(),
    namespace: z.string(),
    stage: z.string(),
    component: z.string().nullable(),
    health: z.enum(instanceHealthStates),
    previousHealth: z.enum(instanceHealthStates).nullable(),
    message: z.string().nullable(),
    mode: z.enum(instanceModes).nullable(),
    changedAt: z.string(),
  }),
);
