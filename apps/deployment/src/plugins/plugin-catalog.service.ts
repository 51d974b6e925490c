import { Inject, Injectable } from '@nestjs/common';
import { describePluginsRpc, type PluginDescriptorDto, type PluginKindName } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import type { PluginCatalog, PluginRef, TraitPluginRef } from '@appmanager/oam';

/** A catalog for one Application, plus the versions it resolved (`component/process` → `1.0.0`). */
export interface ResolvedCatalog {
  catalog: PluginCatalog;
  versions: Record<string, string>;
}

const pluginName = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `process` or `process@1.2.0` → the registry reference. */
export function parseTypeRef(type: string): { name: string; version?: string } {
  const at = type.indexOf('@');
  return at < 0 ? { name: type } : { name: type.slice(0, at), version: type.slice(at + 1) };
}

/**
 * Asks the plugin registry, in one round trip, for every component and trait type an
 * Application names, and answers the oam lib's catalog lookups from that. Types the
 * registry does not know are simply absent, so validation reports each one.
 */
@Injectable()
export class PluginCatalogService {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  async forDocument(document: unknown): Promise<ResolvedCatalog> {
    const wanted = collectTypes(document);
    const refs = [...wanted.entries()]
      .map(([key, kind]) => ({ kind, type: key.slice(kind.length + 1), ...parseTypeRef(key.slice(kind.length + 1)) }))
      .filter((r) => pluginName.test(r.name));
    const found = new Map<string, PluginDescriptorDto>();
    if (refs.length > 0) {
      const answer = await this.rpc.call(describePluginsRpc, { refs: refs.map(({ kind, name, version }) => ({ kind, name, ...(version ? { version } : {}) })) });
      for (const ref of refs) {
        const hit = answer.plugins.find((p) => p.kind === ref.kind && p.name === ref.name && (!ref.version || p.version === ref.version));
        if (hit) found.set(`${ref.kind}/${ref.type}`, hit);
      }
    }
    const versions: Record<string, string> = {};
    for (const d of found.values()) versions[`${d.kind}/${d.name}`] = d.version;
    const catalog: PluginCatalog = {
      component: (type) => toRef(found.get(`component/${type}`)),
      trait: (type) => toTraitRef(found.get(`trait/${type}`)),
    };
    return { catalog, versions };
  }
}

function toRef(d: PluginDescriptorDto | undefined): PluginRef | undefined {
  return d ? { name: d.name, version: d.version, ...(d.schema ? { schema: d.schema } : {}) } : undefined;
}

function toTraitRef(d: PluginDescriptorDto | undefined): TraitPluginRef | undefined {
  const ref = toRef(d);
  return ref && d ? { ...ref, appliesTo: d.appliesTo ?? ['*'], stage: d.stage ?? 'post' } : undefined;
}

/** `component/<type>` and `trait/<type>` keys of every type written in the document, tolerant of any shape. */
function collectTypes(document: unknown): Map<string, PluginKindName> {
  const types = new Map<string, PluginKindName>();
  const components = (document as { spec?: { components?: unknown } } | null)?.spec?.components;
  if (!Array.isArray(components)) return types;
  for (const component of components) {
    if (!isObject(component)) continue;
    if (typeof component.type === 'string' && component.type) types.set(`component/${component.type}`, 'component');
    for (const trait of Array.isArray(component.traits) ? component.traits : []) {
      if (isObject(trait) && typeof trait.type === 'string' && trait.type) types.set(`trait/${trait.type}`, 'trait');
    }
  }
  return types;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
