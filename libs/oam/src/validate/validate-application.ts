import type { ErrorDetail } from '@appmanager/contracts';
import { cycleErrors } from '../dag/build-deployment-dag.js';
import { findCycles } from '../dag/find-cycles.js';
import { planGraph } from '../dag/plan-graph.js';
import type { Application } from '../model/application.types.js';
import type { PluginCatalog } from '../model/plugin-catalog.types.js';
import type { SourceMap } from '../parse/source-map.js';
import { CatalogLookups } from './catalog-lookups.js';
import { checkProperties } from './check-properties.js';
import { checkReferences } from './check-references.js';
import { checkStructure } from './check-structure.js';

export type ValidationResult = { ok: true; application: Application; errors: [] } | { ok: false; errors: ErrorDetail[] };

/**
 * Checks an Application against every rule of APPLICATION.md and reports all errors at
 * once, each with its path and (given the parser's source map) line and column.
 * Plugins come from `catalog`; nothing here does I/O.
 */
export function validateApplication(doc: unknown, catalog: PluginCatalog, sourceMap?: SourceMap): ValidationResult {
  const plugins = new CatalogLookups(catalog);
  const structure = checkStructure(doc);
  const errors = [...structure, ...checkReferences(doc, plugins), ...checkProperties(doc, plugins)];
  // A cycle can only be traced through a well-formed document; unknown references are skipped.
  if (structure.length === 0) {
    const app = doc as Application;
    const dag = planGraph(app, { stageOf: (trait) => trait.stage ?? plugins.trait(trait.type)?.stage ?? 'post' });
    errors.push(...cycleErrors(dag, findCycles(dag)));
  }
  if (errors.length === 0) return { ok: true, application: doc as Application, errors: [] };
  return { ok: false, errors: locate(dedupe(errors), sourceMap) };
}

function dedupe(errors: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function locate(errors: ErrorDetail[], sourceMap: SourceMap | undefined): ErrorDetail[] {
  if (!sourceMap) return errors;
  return errors.map((error) => {
    const position = sourceMap.locate(error.path);
    return position ? { ...error, line: position.line, column: position.column } : error;
  });
}
