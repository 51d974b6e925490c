// The OAM Application model: parse → validate → build the deployment DAG → resolve
// values per node at run time. Pure TypeScript, no I/O.
export type * from './model/application.types.js';
export type { PluginCatalog, PluginRef, TraitPluginRef } from './model/plugin-catalog.types.js';
export { MAX_APPLICATION_BYTES, MAX_COMPONENTS, OAM_API_VERSION, OAM_KIND } from './model/application-limits.js';

export { parseApplicationText, type ApplicationFormat, type ParseResult } from './parse/parse-application-text.js';
export { SourceMap, type SourcePosition } from './parse/source-map.js';
export { validateApplication, type ValidationResult } from './validate/validate-application.js';
export { loadApplication } from './load-application.js';

export { buildDeploymentDag } from './dag/build-deployment-dag.js';
export { topologicalOrder, readyNodes } from './dag/dag-order.js';
export type { Dag, DagNode, DagEdge, DagNodeKind, DagEdgeReason } from './dag/dag.types.js';

export { contextKeys, type ContextKey, type Reference } from './expressions/expression.js';
export { resolveValue, referencedOutputs, type ExpressionScope } from './expressions/resolve-value.js';
export { applyInputs } from './expressions/apply-inputs.js';

export { secretPaths, redactSecrets } from './secrets/secret-paths.js';
