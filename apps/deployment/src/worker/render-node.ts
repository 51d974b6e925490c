import type { ContextKey, ExpressionScope, OutputSpec, Properties } from '@appmanager/oam';
import { applyInputs, resolveValue } from '@appmanager/oam';
import type { NodeOrderEntity } from '@appmanager/persistence';
import type { NodeSpec } from '../orders/node-spec.js';

/** What the order contributes to every `${{ }}` lookup. */
export interface OrderScope {
  parameters: Properties;
  context: Partial<Record<ContextKey, string | number>>;
}

/** Outputs published by the producer nodes this node reads (`result.published` of each). */
export function publishedOutputs(rows: NodeOrderEntity[], producerIds: readonly string[]): Record<string, unknown> {
  const wanted = new Set(producerIds);
  const outputs: Record<string, unknown> = {};
  for (const row of rows) if (wanted.has(row.nodeId)) Object.assign(outputs, (row.result?.published as Record<string, unknown> | undefined) ?? {});
  return outputs;
}

/**
 * The component's properties as its plugin sees them: `${{ parameters|context|outputs }}`
 * resolved (type-preserving), `inputs` written at their parameter keys, then the patches
 * of the pre-traits before `beforeTrait` (all of them for the component) merged in order.
 */
export function renderComponentProperties(spec: NodeSpec, scope: OrderScope, rows: NodeOrderEntity[], beforeTrait?: string): Properties {
  const component = spec.component!;
  const expressionScope: ExpressionScope = { ...scope, outputs: publishedOutputs(rows, spec.reads ?? []) };
  const base = `spec.components[${spec.componentIndex}]`;
  const resolved = resolveValue(component.properties ?? {}, expressionScope, `${base}.properties`) as Properties;
  let properties = applyInputs(resolved, component.inputs, expressionScope.outputs!, `${base}.inputs`);
  for (const traitId of spec.preTraits ?? []) {
    if (traitId === beforeTrait) break;
    const patch = rows.find((r) => r.nodeId === traitId)?.result?.patch;
    if (patch !== undefined) properties = mergePatch(properties, patch) as Properties;
  }
  return properties;
}

/** A trait's own properties, resolved the same way (its inputs may read outputs too). */
export function renderTraitProperties(spec: NodeSpec, scope: OrderScope, rows: NodeOrderEntity[]): Properties {
  const trait = spec.trait!;
  const outputs = publishedOutputs(rows, spec.reads ?? []);
  const base = `spec.components[${spec.componentIndex}].traits[${spec.traitIndex}]`;
  const resolved = resolveValue(trait.properties ?? {}, { ...scope, outputs }, `${base}.properties`) as Properties;
  return applyInputs(resolved, trait.inputs, outputs, `${base}.inputs`);
}

/**
 * The outputs a node publishes under app-wide names, read from what its plugin returned
 * by each `valueFrom` path. Names a missing path, so the operator sees what the plugin had.
 */
export function publish(specs: readonly OutputSpec[] | undefined, raw: Record<string, unknown>): { published: Record<string, unknown>; missing?: string } {
  const published: Record<string, unknown> = {};
  for (const output of specs ?? []) {
    let value: unknown = raw;
    for (const segment of output.valueFrom.split('.')) {
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
    }
    if (value === undefined) {
      const has = Object.keys(raw);
      return { published, missing: `output ${output.name}: "${output.valueFrom}" is not among the plugin's outputs (${has.length ? has.join(', ') : 'none'})` };
    }
    published[output.name] = value;
  }
  return { published };
}

/** JSON Merge Patch (RFC 7386): objects merge key by key, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? structuredClone(target as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
