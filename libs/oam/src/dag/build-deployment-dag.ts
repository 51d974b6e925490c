import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import type { Application } from '../model/application.types.js';
import type { PluginCatalog } from '../model/plugin-catalog.types.js';
import type { Dag } from './dag.types.js';
import { findCycles } from './find-cycles.js';
import { planGraph } from './plan-graph.js';

/**
 * The deployment DAG of a validated Application (ARCHITECTURE.md, "The deployment DAG"),
 * with each component and trait node's plugin version resolved from the catalog.
 * Throws DomainError `validation_failed` when a plugin is missing or the graph has a cycle.
 */
export function buildDeploymentDag(app: Application, catalog: PluginCatalog): Dag {
  const errors: ErrorDetail[] = [];
  app.spec.components.forEach((component, ci) => {
    if (!catalog.component(component.type)) {
      errors.push({ path: `spec.components[${ci}].type`, message: `unknown component type "${component.type}"` });
    }
    (component.traits ?? []).forEach((trait, ti) => {
      if (!catalog.trait(trait.type)) errors.push({ path: `spec.components[${ci}].traits[${ti}].type`, message: `unknown trait type "${trait.type}"` });
    });
  });
  if (errors.length > 0) throw new DomainError('validation_failed', 'the application names plugins that do not exist', errors);

  const dag = planGraph(app, {
    stageOf: (trait) => trait.stage ?? catalog.trait(trait.type)!.stage,
    componentPlugin: (component) => catalog.component(component.type),
    traitPlugin: (trait) => catalog.trait(trait.type),
  });
  const cycles = findCycles(dag);
  if (cycles.length > 0) {
    throw new DomainError('validation_failed', `the deployment graph has a ${cycles[0]!.text}`, cycleErrors(dag, cycles));
  }
  return dag;
}

export function cycleErrors(dag: Dag, cycles: ReturnType<typeof findCycles>): ErrorDetail[] {
  const byId = new Map(dag.nodes.map((node) => [node.id, node]));
  return cycles.map((cycle) => ({ path: `spec.components[${byId.get(cycle.nodeIds[0]!)!.componentIndex}]`, message: cycle.text }));
}
