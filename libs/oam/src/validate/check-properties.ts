import type { ErrorDetail } from '@appmanager/contracts';
import { hasExpression } from '../expressions/expression.js';
import { resolveKnown } from '../expressions/resolve-value.js';
import { setAtPath } from '../expressions/apply-inputs.js';
import type { PluginRef } from '../model/plugin-catalog.types.js';
import { pointerSegments } from '../paths/property-path.js';
import { ajvErrorDetails } from './ajv-errors.js';
import type { CatalogLookups } from './catalog-lookups.js';
import { pluginSchemaValidator } from './plugin-schema-validator.js';
import { asArray, asRecord, asString } from './unknown-access.js';

/**
 * Checks every component's, trait's, policy's and step's properties against its plugin's
 * JSON Schema. Parameters are known now and are substituted first; outputs and context are
 * only known at run time, so a value that still holds `${{ … }}` is not judged, and inputs
 * count as present at their parameterKey.
 */
export function checkProperties(doc: unknown, plugins: CatalogLookups): ErrorDetail[] {
  const spec = asRecord(asRecord(doc)?.['spec']) ?? {};
  const parameters = asRecord(spec['parameters']) ?? {};
  const errors: ErrorDetail[] = [];
  const check = (holder: Record<string, unknown> | undefined, plugin: PluginRef | undefined | 'unchecked', base: string): void => {
    if (!holder || !plugin || plugin === 'unchecked' || !plugin.schema) return;
    const properties = holder['properties'] ?? {};
    if (!asRecord(properties)) return; // the structure check already reports it
    const validate = pluginSchemaValidator(plugin.schema);
    if (validate instanceof Error) {
      errors.push({ path: `${base}.type`, message: `the properties schema of plugin ${plugin.name}@${plugin.version} does not compile: ${validate.message}` });
      return;
    }
    const data = prepare(properties, holder['inputs'], parameters);
    if (validate(data)) return;
    const judged = (validate.errors ?? []).filter((error) => !holdsExpression(data, error.instancePath));
    errors.push(...ajvErrorDetails(judged, `${base}.properties`));
  };

  asArray(spec['components']).forEach((raw, ci) => {
    const component = asRecord(raw);
    const type = asString(component?.['type']);
    check(component, type === undefined ? undefined : plugins.component(type), `spec.components[${ci}]`);
    asArray(component?.['traits']).forEach((rawTrait, ti) => {
      const trait = asRecord(rawTrait);
      const traitType = asString(trait?.['type']);
      check(trait, traitType === undefined ? undefined : plugins.trait(traitType), `spec.components[${ci}].traits[${ti}]`);
    });
  });
  asArray(spec['policies']).forEach((raw, pi) => {
    const type = asString(asRecord(raw)?.['type']);
    check(asRecord(raw), type === undefined ? undefined : plugins.policy(type), `spec.policies[${pi}]`);
  });
  asArray(asRecord(spec['workflow'])?.['steps']).forEach((raw, si) => {
    const type = asString(asRecord(raw)?.['type']);
    check(asRecord(raw), type === undefined ? undefined : plugins.workflowStep(type), `spec.workflow.steps[${si}]`);
  });
  return errors;
}

/** A copy of the properties with parameters substituted and each input marked as a pending output. */
function prepare(properties: unknown, inputs: unknown, parameters: Record<string, unknown>): unknown {
  const data = resolveKnown(properties, { parameters }) as Record<string, unknown>;
  for (const input of asArray(inputs)) {
    const from = asString(asRecord(input)?.['from']);
    const key = asString(asRecord(input)?.['parameterKey']);
    if (from !== undefined && key !== undefined) setAtPath(data, key, `\${{ outputs.${from} }}`);
  }
  return data;
}

function holdsExpression(data: unknown, pointer: string): boolean {
  let current = data;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return typeof current === 'string' && hasExpression(current);
}
