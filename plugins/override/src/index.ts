import { definePolicy, type ApplicationComponent, type JsonObject } from '@appmanager/plugin-sdk';
import { mergePatch } from './merge-patch.js';

interface TraitPatch {
  type: string;
  properties?: JsonObject;
  disable?: boolean;
}

interface ComponentPatch {
  name?: string;
  type?: string;
  properties?: JsonObject;
  traits?: TraitPatch[];
}

interface OverrideProperties {
  components?: ComponentPatch[];
  selector?: string[];
}

interface TraitEntry {
  type: string;
  properties?: JsonObject;
  [key: string]: unknown;
}

/** Deep copy of JSON data (the sandbox has no structuredClone). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const wildcard = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

function patchComponent(base: ApplicationComponent, patch: ComponentPatch): ApplicationComponent {
  const result: ApplicationComponent = clone(base);
  if (patch.type !== undefined && patch.type !== base.type) {
    result.type = patch.type;
    result.properties = clone(patch.properties ?? {});
  } else if (patch.properties !== undefined) {
    result.properties = mergePatch(base.properties ?? {}, patch.properties) as JsonObject;
  }
  if (patch.traits?.length) {
    const traits = (Array.isArray(result['traits']) ? result['traits'] : []) as unknown as TraitEntry[];
    for (const traitPatch of patch.traits) {
      const index = traits.findIndex((t) => t.type === traitPatch.type);
      if (traitPatch.disable) {
        if (index >= 0) traits.splice(index, 1);
      } else if (index >= 0) {
        const current = traits[index]!;
        traits[index] = { ...current, properties: mergePatch(current.properties ?? {}, traitPatch.properties ?? {}) as JsonObject };
      } else {
        traits.push({ type: traitPatch.type, ...(traitPatch.properties ? { properties: clone(traitPatch.properties) } : {}) });
      }
    }
    result['traits'] = traits as unknown as ApplicationComponent['traits'];
  }
  return result;
}

/**
 * KubeVela's override policy as a pure rewrite. An entry with a `name` (wildcards
 * allowed) patches the components it matches, and a plain name that matches nothing adds
 * that component (it then needs a `type`); an entry without a name patches every
 * component (of its `type`, if given). `selector` keeps only the named components.
 */
export default definePolicy<OverrideProperties>({
  apply(_ctx, app, properties) {
    let components = app.spec.components.map((c) => clone(c));
    for (const [index, patch] of (properties.components ?? []).entries()) {
      if (patch.name === undefined) {
        components = components.map((c) => (patch.type === undefined || c.type === patch.type ? patchComponent(c, patch) : c));
        continue;
      }
      const matcher = wildcard(patch.name);
      let matched = false;
      components = components.map((c) => {
        if (!matcher.test(c.name)) return c;
        matched = true;
        return patchComponent(c, patch);
      });
      if (!matched && !patch.name.includes('*')) {
        if (patch.type === undefined) throw new Error(`components[${index}]: component "${patch.name}" does not exist; to add it, give its type`);
        components.push(patchComponent({ name: patch.name, type: patch.type }, { ...patch, type: undefined }));
      }
    }
    const selector = properties.selector;
    if (selector) components = components.filter((c) => selector.includes(c.name));
    return { ...app, spec: { ...app.spec, components } };
  },
});
