import { z } from 'zod';
import { defineRpc } from './define-rpc.js';
import { ciDeadLetter, semverPattern } from '../events/ci.events.js';

const label = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, -, at most 63)');
const semver = z.string().regex(semverPattern, 'must be semver (e.g. 1.4.0)');
const tagName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ., _ and - only, at most 63');

/**
 * Where a component's files come from. `archive`: a tar.gz uploaded first (its object
 * key); `path`: a directory on the packaging host, relative to its source root;
 * `git`: cloned where the host has git; `image`: a reference recorded as is;
 * `url`: a tar.gz the worker downloads (CI `artifactUrl`); `package`: this component's
 * archive from an existing package version of the same app, reused as is.
 */
export const componentSource = z.union([
  z.object({ archive: z.string().min(1).max(500) }).strict(),
  z.object({ path: z.string().min(1).max(1000) }).strict(),
  z.object({ git: z.string().min(1).max(2000), ref: z.string().min(1).max(200).optional() }).strict(),
  z.object({ image: z.string().min(1).max(500) }).strict(),
  z.object({ url: z.url().max(2000) }).strict(),
  z.object({ package: semver }).strict(),
]);
export type ComponentSource = z.output<typeof componentSource>;

export const componentSpec = z.object({
  name: label,
  /** Component type (a component plugin name, e.g. `process`). */
  type: label,
  source: componentSource,
  /** Handed to the type's `build` as its properties. */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type ComponentSpec = z.output<typeof componentSpec>;

export const deployTargetRef = z.object({ cluster: z.string().min(1), namespace: z.string().min(1), stage: z.string().min(1) });

export const taskStates = ['running', 'succeeded', 'failed'] as const;
export const buildStates = ['queued', 'building', 'succeeded', 'reused', 'failed'] as const;

export const componentBuildDto = z.object({
  name: z.string(),
  type: z.string(),
  state: z.enum(buildStates),
  attempts: z.number().int(),
  /** Set when the inputs matched an earlier build: the package version whose archive is reused. */
  reusedFrom: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  message: z.string().nullable(),
  /** Build log lines (host steps and the plugin's ctx.log), readable while it runs. */
  log: z.array(z.string()),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const packageTaskDto = z.object({
  id: z.string(),
  app: z.string(),
  requestedVersion: z.string(),
  /** The version given to the package (set when it is assembled). */
  version: z.string().nullable(),
  tags: z.array(z.string()),
  state: z.enum(taskStates),
  message: z.string().nullable(),
  appRevision: z.number().int().nullable(),
  trigger: z.enum(['api', 'ci', 'import']),
  ciEventId: z.string().nullable(),
  deployTo: deployTargetRef.nullable(),
  deployOrderId: z.string().nullable(),
  deployMessage: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  components: z.array(componentBuildDto),
});
export type PackageTaskDto = z.output<typeof packageTaskDto>;

export const packageComponentDto = z.object({
  name: z.string(),
  type: z.string(),
  /** The package version in which this archive was built (earlier than the package's own when reused). */
  version: z.string(),
  sha256: z.string(),
  size: z.number(),
  /** Path of the archive inside an exported package file. */
  path: z.string(),
  meta: z.record(z.string(), z.unknown()),
  source: componentSource,
  options: z.record(z.string(), z.unknown()),
});

export const appPackageDto = z.object({
  app: z.string(),
  version: z.string(),
  appRevision: z.number().int().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  taskId: z.string().nullable(),
  manifestSha256: z.string(),
  components: z.array(packageComponentDto),
});
export type AppPackageDto = z.output<typeof appPackageDto>;

export const createPackageTaskRequest = z.object({
  app: label,
  version: z.union([z.literal('auto'), semver]).default('auto'),
  tags: z.array(tagName).max(20).default([]),
  components: z.array(componentSpec).min(1).max(100),
});

export const createPackageTaskRpc = defineRpc('packaging', 'create-task', createPackageTaskRequest, packageTaskDto);
export const getPackageTaskRpc = defineRpc('packaging', 'get-task', z.object({ id: z.string().min(1).max(36) }), packageTaskDto);

export const listPackagesRpc = defineRpc(
  'packaging',
  'list-packages',
  z.object({ app: label, tag: tagName.optional() }),
  z.object({ items: z.array(appPackageDto) }),
);
export const getPackageRpc = defineRpc('packaging', 'get-package', z.object({ app: label, version: semver }), appPackageDto);

export const setPackageTagRpc = defineRpc('packaging', 'set-tag', z.object({ app: label, version: semver, tag: tagName }), appPackageDto);
export const deletePackageTagRpc = defineRpc('packaging', 'delete-tag', z.object({ app: label, version: semver, tag: tagName }), appPackageDto);

/** For the deployment service: the components of a package with their archives. */
export const resolvePackageRpc = defineRpc(
  'packaging',
  'resolve-package',
  z.object({ app: label, version: semver.optional(), tag: tagName.optional() }),
  z.object({
    app: z.string(),
    version: z.string(),
    appRevision: z.number().int().nullable(),
    components: z.array(
      z.object({ name: z.string(), type: z.string(), archiveKey: z.string(), sha256: z.string(), size: z.number(), meta: z.record(z.string(), z.unknown()) }),
    ),
  }),
);

/** Writes the package as one file to object storage; the gateway streams it from there. */
export const exportPackageRpc = defineRpc(
  'packaging',
  'export-package',
  z.object({ app: label, version: semver }),
  z.object({ key: z.string(), size: z.number(), sha256: z.string(), fileName: z.string() }),
);

export const importPackageRpc = defineRpc(
  'packaging',
  'import-package',
  z.object({ uploadKey: z.string().min(1).max(500) }),
  z.object({ package: appPackageDto, created: z.boolean() }),
);

export const createCiTokenRpc = defineRpc('packaging', 'create-ci-token', z.object({ app: label }), z.object({ app: z.string(), token: z.string(), createdAt: z.string() }));

/** The HTTP trigger: same handling as the JetStream subject, after the token check. */
export const ciTriggerRpc = defineRpc(
  'packaging',
  'ci-trigger',
  z.object({ token: z.string().max(200), payload: z.unknown() }),
  z.object({ eventId: z.string(), taskId: z.string(), duplicate: z.boolean() }),
);

export const listCiDeadLettersRpc = defineRpc(
  'packaging',
  'list-ci-dead-letters',
  z.object({ app: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }),
  z.object({ items: z.array(ciDeadLetter) }),
);
