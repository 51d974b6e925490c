import type { PluginCatalog, PluginRef, TraitPluginRef } from '../model/plugin-catalog.types.js';

/** Memoises catalog lookups for one validation run: 2,000 components of one type ask once. */
export class CatalogLookups {
  private readonly cache = new Map<string, PluginRef | TraitPluginRef | undefined>();

  constructor(private readonly catalog: PluginCatalog) {}

  component(type: string): PluginRef | undefined {
    return this.memo(`component\u0000${type}`, () => this.catalog.component(type));
  }

  trait(type: string): TraitPluginRef | undefined {
    return this.memo(`trait\u0000${type}`, () => this.catalog.trait(type)) as TraitPluginRef | undefined;
  }

  /** `unchecked` when the catalog cannot tell (it has no policy lookup). */
  policy(type: string): PluginRef | undefined | 'unchecked' {
    const lookup = this.catalog.policy?.bind(this.catalog);
    return lookup ? this.memo(`policy\u0000${type}`, () => lookup(type)) : 'unchecked';
  }

  workflowStep(type: string): PluginRef | undefined | 'unchecked' {
    const lookup = this.catalog.workflowStep?.bind(this.catalog);
    return lookup ? this.memo(`step\u0000${type}`, () => lookup(type)) : 'unchecked';
  }

  private memo<T extends PluginRef | undefined>(key: string, load: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as T;
  }
}
