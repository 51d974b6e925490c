import type { ErrorDetail } from '@appmanager/contracts';
import { parameterName, parameterNameMessage } from '../model/application-limits.js';
import { collectReferences, lookup } from '../expressions/resolve-value.js';
import { joinPath } from '../paths/property-path.js';
import type { CatalogLookups } from './catalog-lookups.js';
import { asArray, asRecord, asString } from './unknown-access.js';

interface Context {
  errors: ErrorDetail[];
  plugins: CatalogLookups;
  parameters: Record<string, unknown>;
  /** Output name → path of its first declaration. */
  outputs: Map<string, string>;
}

/**
 * Cross-reference rules: unique names, known plugin types, traits that apply to their
 * component, inputs and `${{ … }}` lookups that name something that exists, dependsOn.
 */
export function checkReferences(doc: unknown, plugins: CatalogLookups): ErrorDetail[] {
  const spec = asRecord(asRecord(doc)?.['spec']) ?? {};
  const parameters = asRecord(spec['parameters']) ?? {};
  const ctx: Context = { errors: [], plugins, parameters, outputs: new Map() };
  for (const key of Object.keys(parameters)) {
    if (!parameterName.test(key)) ctx.errors.push({ path: joinPath('spec.parameters', key), message: parameterNameMessage });
  }
  const components = asArray(spec['components']);
  const steps = asArray(asRecord(spec['workflow'])?.['steps']);

  // Declarations first, so that references may point forward.
  const componentNames = uniqueNames(ctx, components, 'spec.components', 'component');
  components.forEach((component, ci) => {
    const c = asRecord(component);
    declareOutputs(ctx, c?.['outputs'], `spec.components[${ci}].outputs`);
    asArray(c?.['traits']).forEach((trait, ti) => declareOutputs(ctx, asRecord(trait)?.['outputs'], `spec.components[${ci}].traits[${ti}].outputs`));
  });
  steps.forEach((step, si) => declareOutputs(ctx, asRecord(step)?.['outputs'], `spec.workflow.steps[${si}].outputs`));

  components.forEach((component, ci) => checkComponent(ctx, asRecord(component), `spec.components[${ci}]`, componentNames));
  checkPolicies(ctx, asArray(spec['policies']));
  checkWorkflow(ctx, asRecord(spec['workflow']), steps);
  return ctx.errors;
}

function uniqueNames(ctx: Context, items: unknown[], base: string, what: string): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const name = asString(asRecord(item)?.['name']);
    if (name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, index);
    else ctx.errors.push({ path: `${base}[${index}].name`, message: `duplicate ${what} name "${name}" (already used by ${base}[${earlier}])` });
  });
  return new Set(first.keys());
}

function declareOutputs(ctx: Context, outputs: unknown, base: string): void {
  asArray(outputs).forEach((output, oi) => {
    const name = asString(asRecord(output)?.['name']);
    if (name === undefined) return;
    const earlier = ctx.outputs.get(name);
    if (earlier === undefined) ctx.outputs.set(name, `${base}[${oi}]`);
    else ctx.errors.push({ path: `${base}[${oi}].name`, message: `duplicate output name "${name}" (already declared at ${earlier}); output names are unique in the application` });
  });
}

function checkComponent(ctx: Context, component: Record<string, unknown> | undefined, base: string, names: Set<string>): void {
  if (!component) return;
  const name = asString(component['name']);
  const type = asString(component['type']);
  const plugin = type === undefined ? undefined : ctx.plugins.component(type);
  if (type !== undefined && !plugin) ctx.errors.push({ path: `${base}.type`, message: `unknown component type "${type}" (no such component plugin${type.includes('@') ? ' or version' : ''})` });

  asArray(component['dependsOn']).forEach((dependency, di) => {
    if (typeof dependency !== 'string') return;
    if (dependency === name) ctx.errors.push({ path: `${base}.dependsOn[${di}]`, message: 'a component cannot depend on itself' });
    else if (!names.has(dependency)) ctx.errors.push({ path: `${base}.dependsOn[${di}]`, message: `unknown component "${dependency}"` });
  });
  checkInputs(ctx, component['inputs'], `${base}.inputs`);
  checkExpressions(ctx, component['properties'], `${base}.properties`);

  asArray(component['traits']).forEach((raw, ti) => {
    const trait = asRecord(raw);
    const path = `${base}.traits[${ti}]`;
    const traitType = asString(trait?.['type']);
    if (!trait || traitType === undefined) return;
    const traitPlugin = ctx.plugins.trait(traitType);
    if (!traitPlugin) {
      ctx.errors.push({ path: `${path}.type`, message: `unknown trait type "${traitType}" (no such trait plugin${traitType.includes('@') ? ' or version' : ''})` });
    } else {
      if (plugin && !traitPlugin.appliesTo.includes('*') && !traitPlugin.appliesTo.includes(plugin.name)) {
        ctx.errors.push({
          path: `${path}.type`,
          message: `trait "${traitPlugin.name}" does not apply to component type "${plugin.name}" (it applies to: ${traitPlugin.appliesTo.join(', ') || 'nothing'})`,
        });
      }
      const stage = asString(trait['stage']) ?? traitPlugin.stage;
      if (stage === 'pre' && asArray(trait['outputs']).length > 0) {
        ctx.errors.push({ path: `${path}.outputs`, message: `trait "${traitPlugin.name}" runs before the component (stage pre) and cannot produce outputs; only post-traits do` });
      }
    }
    checkInputs(ctx, trait['inputs'], `${path}.inputs`);
    checkExpressions(ctx, trait['properties'], `${path}.properties`);
  });
}

function checkInputs(ctx: Context, inputs: unknown, base: string): void {
  asArray(inputs).forEach((input, ii) => {
    const from = asString(asRecord(input)?.['from']);
    if (from !== undefined && from !== '' && !ctx.outputs.has(from)) {
      ctx.errors.push({ path: `${base}[${ii}].from`, message: `unknown output "${from}" (no component, trait or step declares it)` });
    }
  });
}

function checkExpressions(ctx: Context, value: unknown, base: string): void {
  for (const found of collectReferences(value, base)) {
    if (found.error !== undefined) {
      ctx.errors.push({ path: found.path, message: found.error });
    } else if (found.reference?.kind === 'parameters') {
      const result = lookup(found.reference, { parameters: ctx.parameters });
      if (!result.found) ctx.errors.push({ path: found.path, message: result.message });
    } else if (found.reference?.kind === 'outputs' && !ctx.outputs.has(found.reference.name)) {
      ctx.errors.push({ path: found.path, message: `unknown output "${found.reference.name}" (no component, trait or step declares it)` });
    }
  }
}

function checkPolicies(ctx: Context, policies: unknown[]): void {
  uniqueNames(ctx, policies, 'spec.policies', 'policy');
  policies.forEach((raw, pi) => {
    const policy = asRecord(raw);
    const type = asString(policy?.['type']);
    if (type !== undefined && ctx.plugins.policy(type) === undefined) {
      ctx.errors.push({ path: `spec.policies[${pi}].type`, message: `unknown policy type "${type}"` });
    }
    checkExpressions(ctx, policy?.['properties'], `spec.policies[${pi}].properties`);
  });
}

function checkWorkflow(ctx: Context, workflow: Record<string, unknown> | undefined, steps: unknown[]): void {
  if (!workflow) return;
  const mode = workflow['mode'];
  const modes = ['StepByStep', 'DAG'];
  const modeObject = asRecord(mode);
  if (typeof mode === 'string' && !modes.includes(mode)) {
    ctx.errors.push({ path: 'spec.workflow.mode', message: 'must be StepByStep or DAG' });
  } else if (modeObject) {
    for (const key of Object.keys(modeObject)) {
      const value = modeObject[key];
      if (key !== 'steps' && key !== 'subSteps') ctx.errors.push({ path: `spec.workflow.mode.${key}`, message: 'is not a known field' });
      else if (typeof value !== 'string' || !modes.includes(value)) ctx.errors.push({ path: `spec.workflow.mode.${key}`, message: 'must be StepByStep or DAG' });
    }
  }
  const names = uniqueNames(ctx, steps, 'spec.workflow.steps', 'step');
  steps.forEach((raw, si) => {
    const step = asRecord(raw);
    const base = `spec.workflow.steps[${si}]`;
    const type = asString(step?.['type']);
    if (type !== undefined && ctx.plugins.workflowStep(type) === undefined) {
      ctx.errors.push({ path: `${base}.type`, message: `unknown workflow step type "${type}"` });
    }
    asArray(step?.['dependsOn']).forEach((dependency, di) => {
      if (typeof dependency !== 'string') return;
      if (dependency === step?.['name']) ctx.errors.push({ path: `${base}.dependsOn[${di}]`, message: 'a step cannot depend on itself' });
      else if (!names.has(dependency)) ctx.errors.push({ path: `${base}.dependsOn[${di}]`, message: `unknown step "${dependency}"` });
    });
    checkInputs(ctx, step?.['inputs'], `${base}.inputs`);
    checkExpressions(ctx, step?.['properties'], `${base}.properties`);
  });
}
