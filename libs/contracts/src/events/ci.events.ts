import { z } from 'zod';

/** A DNS-1123 label: app and component names. */
const label = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, -, at most 63)');
export const semverPattern = /^\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?(\+[0-9A-Za-z-.]+)?$/;

/**
 * What an external CI publishes on `<prefix>.ci.build.v1` (JetStream) or POSTs to
 * /v1/triggers/ci: "a build of this component is done". Not an AppManager envelope: CI
 * systems write it by hand, so it is flat and strict (unknown fields are refused so a
 * typo never passes silently). docs/ci-trigger.md carries the JSON Schema.
 */
export const ciBuildEvent = z
  .object({
    /** Chosen by the CI (e.g. `<pipeline>-<run>`); a repeat does nothing twice. */
    eventId: z.string().min(1).max(100),
    app: label,
    component: label,
    /** The package version to create; absent: the patch of the latest is bumped. */
    version: z.string().regex(semverPattern, 'must be semver (e.g. 1.4.0)').optional(),
    image: z.string().min(1).max(500).optional(),
    commit: z.string().min(1).max(100).optional(),
    branch: z.string().min(1).max(200).optional(),
    /** A tar.gz of the component's files the packaging worker may download. */
    artifactUrl: z.url().max(2000).optional(),
    deployTo: z
      .object({ cluster: z.string().min(1).max(63), namespace: z.string().min(1).max(63), stage: z.string().min(1).max(63) })
      .strict()
      .optional(),
  })
  .strict();
export type CiBuildEvent = z.output<typeof ciBuildEvent>;

/** Published on `<prefix>.ci.build.dead.v1` (and stored) for every event that cannot be processed. */
export const ciDeadLetter = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  app: z.string().nullable(),
  reason: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  /** The payload as received (text, cut at 64 KiB). */
  payload: z.string(),
  via: z.enum(['nats', 'http']),
  receivedAt: z.string(),
});
export type CiDeadLetterDto = z.output<typeof ciDeadLetter>;
