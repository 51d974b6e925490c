import { createHash } from 'node:crypto';

/** What decides whether a component must be built again (ADR 0006, "Reuse by hash"). */
export interface BuildInputs {
  type: string;
  pluginVersion: string;
  options: Record<string, unknown>;
  /** The source fingerprint (see source-stage.ts): upload sha256, directory listing, image reference, git HEAD. */
  fingerprint: string;
}

/**
 * sha256 of the build inputs. Options are serialised with sorted keys: `{a, b}` and
 * `{b, a}` are the same options and must not cost a rebuild.
 */
export function inputsHash(inputs: BuildInputs): string {
  const canonical = canonicalJson({ type: inputs.type, pluginVersion: inputs.pluginVersion, options: inputs.options, print: inputs.fingerprint });
  return createHash('sha256').update(canonical).digest('hex');
}

/** An earlier build may stand in for this one when it produced an archive that still exists. */
export function canReuse(earlier: { archiveKey: string | null } | null, archiveExists: (key: string) => Promise<boolean>): Promise<boolean> {
  if (!earlier?.archiveKey) return Promise.resolve(false);
  return archiveExists(earlier.archiveKey);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
