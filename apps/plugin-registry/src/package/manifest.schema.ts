import { z } from 'zod';
import semver from 'semver';
import { capabilityNames, pluginKinds } from '@appmanager/plugin-sdk';

const dns1123 = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const hostPattern = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/i;
const jsonObject = z.record(z.string(), z.unknown());

/**
 * The manifest every plugin package carries at its root (manifest.yaml or manifest.json).
 * Mirrors PluginManifest in @appmanager/plugin-sdk; unknown fields are rejected so a typo
 * (`capabilites`) is an error rather than a silently missing permission.
 */
export const manifestSchema = z
  .strictObject({
    kind: z.enum(pluginKinds, { error: `must be one of: ${pluginKinds.join(', ')}` }),
    name: z.string({ error: 'must be a string' }).regex(dns1123, 'must be a DNS-1123 label (lowercase letters, digits and -, at most 63 characters)'),
    version: z.string({ error: 'must be a string' }).refine((v) => semver.valid(v) === v, 'must be semver (e.g. 1.2.0)'),
    description: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(2_000),
    entry: z.string({ error: 'must be a string' }).min(1, 'must name the entry script, e.g. src/index.ts'),
    schema: jsonObject,
    appliesTo: z.array(z.string().min(1)).min(1).optional(),
    stage: z.enum(['pre', 'post']).optional(),
    capabilities: z.array(z.enum(capabilityNames, { error: `must be one of: ${capabilityNames.join(', ')}` })).optional(),
    http: z.strictObject({ allow: z.array(z.string().regex(hostPattern, 'must be a host name, optionally *.domain or with :port')) }).optional(),
    ui: jsonObject.optional(),
    onTerminate: z.enum(['destroy', 'keep'], { error: 'must be destroy or keep' }).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind === 'trait') {
      if (!m.appliesTo) ctx.addIssue({ code: 'custom', path: ['appliesTo'], message: "is required for a trait (use ['*'] for any component type)" });
      if (!m.stage) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'is required for a trait (pre or post)' });
    } else {
      if (m.appliesTo) ctx.addIssue({ code: 'custom', path: ['appliesTo'], message: 'is only for traits' });
      if (m.stage) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'is only for traits' });
    }
    if (m.onTerminate && m.kind !== 'component') ctx.addIssue({ code: 'custom', path: ['onTerminate'], message: 'is only for components' });
    if (m.http && !m.capabilities?.includes('http')) ctx.addIssue({ code: 'custom', path: ['http'], message: "needs the 'http' capability in capabilities" });
    if (m.capabilities && new Set(m.capabilities).size !== m.capabilities.length) ctx.addIssue({ code: 'custom', path: ['capabilities'], message: 'lists a capability twice' });
  });

export type ValidManifest = z.output<typeof manifestSchema>;

/** Methods each kind must export (the rest of its contract is optional). */
export const requiredMethods: Record<ValidManifest['kind'], string[]> = {
  component: ['launch', 'get', 'destroy'],
  trait: ['execute'],
  policy: ['apply'],
  'workflow-step': ['execute'],
  addon: ['apply', 'release'],
};
