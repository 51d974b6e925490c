import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import type { Application, ComponentSpec, Properties, TraitSpec } from '../model/application.types.js';
import { asArray, asRecord, asString } from '../validate/unknown-access.js';
import { mergePatch } from './merge-patch.js';

interface ComponentPatch {
  name?: string;
  type?: string;
  properties?: Properties;
  traits?: { type: string; properties?: Properties; disable?: boolean }[];
}

/**
 * Applies an `override` policy with KubeVela's semantics and returns a new Application:
 * - `components[]` entry with `name` (may use `*` wildcards): patches the components it
 *   matches; a plain name that matches nothing adds that component (it then needs a type).
 *   Without `name`, it patches every component of `type` (every component if no type).
 * - properties merge as JSON Merge Patch (null deletes); a different `type` replaces the
 *   component's type and its properties instead of merging.
 * - `traits[]` merge by type; `disable: true` removes the trait; an unknown type is added.
 * - `selector: [names]` keeps only those components.
 * Throws DomainError `validation_failed` (paths relative to the policy's properties).
 */
export function applyOverridePolicy(app: Application, properties: unknown): Application {
  const { patches, selector } = readOverride(properties);
  let components = app.spec.components.map((component) => structuredClone(component));
  for (const [pi, patch] of patches.entries()) {
    if (patch.name === undefined) {
      components = components.map((c) => (patch.type === undefined || c.type === patch.type ? mergeComponent(c, patch) : c));
      continue;
    }
    const matcher = wildcard(patch.name);
    let matched = false;
    components = components.map((c) => {
      if (!matcher.test(c.name)) return c;
      matched = true;
      return mergeComponent(c, patch);
    });
    if (!matched && !patch.name.includes('*')) {
      if (patch.type === undefined) {
        throw invalid([{ path: `components[${pi}].type`, message: `component "${patch.name}" does not exist; to add it, give its type` }]);
      }
      components.push(mergeComponent({ name: patch.name, type: patch.type }, { ...patch, type: undefined }));
    }
  }
  if (selector) components = components.filter((c) => selector.includes(c.name));
  return { ...structuredClone(app), spec: { ...structuredClone(app.spec), components } };
}

function mergeComponent(base: ComponentSpec, patch: ComponentPatch): ComponentSpec {
  const result = structuredClone(base);
  if (patch.type !== undefined && patch.type !== base.type) {
    result.type = patch.type;
    result.properties = structuredClone(patch.properties ?? {});
  } else if (patch.properties !== undefined) {
    result.properties = mergePatch(base.properties ?? {}, patch.properties) as Properties;
  }
  for (const traitPatch of patch.traits ?? []) {
    const traits: TraitSpec[] = result.traits ?? [];
    const index = traits.findIndex((t) => t.type === traitPatch.type);
    if (traitPatch.disable) {
      if (index >= 0) traits.splice(index, 1);
    } else if (index >= 0) {
      traits[index] = { ...traits[index]!, properties: mergePatch(traits[index]!.properties ?? {}, traitPatch.properties ?? {}) as Properties };
    } else {
      traits.push({ type: traitPatch.type, ...(traitPatch.properties ? { properties: structuredClone(traitPatch.properties) } : {}) });
    }
    result.traits = traits;
  }
  return result;
}

function readOverride(properties: unknown): { patches: ComponentPatch[]; selector?: string[] } {
  const errors: ErrorDetail[] = [];
  const root = asRecord(properties);
  if (!root) throw invalid([{ path: '', message: 'must be an object' }]);
  if (root['components'] !== undefined && !Array.isArray(root['components'])) errors.push({ path: 'components', message: 'must be a list' });
  const patches = asArray(root['components']).map((raw, ci): ComponentPatch => {
    const entry = asRecord(raw);
    if (!entry) {
      errors.push({ path: `components[${ci}]`, message: 'must be an object' });
      return {};
    }
    for (const key of ['name', 'type'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') errors.push({ path: `components[${ci}].${key}`, message: 'must be a string' });
    }
    if (entry['properties'] !== undefined && !asRecord(entry['properties'])) errors.push({ path: `components[${ci}].properties`, message: 'must be an object' });
    const traits = asArray(entry['traits']).map((rawTrait, ti) => {
      const trait = asRecord(rawTrait);
      const type = asString(trait?.['type']);
      if (type === undefined) errors.push({ path: `components[${ci}].traits[${ti}].type`, message: 'is required' });
      return { type: type ?? '', properties: asRecord(trait?.['properties']), disable: trait?.['disable'] === true };
    });
    return { name: asString(entry['name']), type: asString(entry['type']), properties: asRecord(entry['properties']), traits };
  });
  const selector = root['selector'];
  if (selector !== undefined && (!Array.isArray(selector) || selector.some((s) => typeof s !== 'string'))) {
    errors.push({ path: 'selector', message: 'must be a list of component names' });
  }
  if (errors.length > 0) throw invalid(errors);
  return { patches, ...(Array.isArray(selector) ? { selector: selector as string[] } : {}) };
}

const wildcard = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

const invalid = (errors: ErrorDetail[]): DomainError => new DomainError('validation_failed', 'invalid override policy', errors);
