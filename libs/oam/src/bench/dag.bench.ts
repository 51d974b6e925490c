// Prints how long validation and DAG building take for a large Application.
//   node libs/oam/dist/bench/dag.bench.js [components=2000] [dependsOnPerComponent=4]
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { buildDeploymentDag, parseApplicationText, topologicalOrder, validateApplication } from '../index.js';
import { exampleCatalog } from '../test-support/example-catalog.fixture.js';

const count = Number(process.argv[2] ?? 2000);
const fanIn = Number(process.argv[3] ?? 4);
const components = Array.from({ length: count }, (_, i) => {
  const dependsOn = new Set<string>();
  if (i > 0 && i < 200) dependsOn.add(`c${i - 1}`);
  for (let k = 1; k <= fanIn && i >= 200; k++) dependsOn.add(`c${(i * 7919 + k * 104729) % i}`);
  return {
    name: `c${i}`,
    type: 'process',
    properties: { command: ['node', 'x.js'], env: { N: '${{ parameters.n }}', APP: '${{ context.appName }}' } },
    dependsOn: [...dependsOn],
    traits: [{ type: 'env', properties: { vars: { A: 'b' } } }, { type: 'http-endpoint', properties: { port: 8080 } }],
  };
});
const text = stringify({ apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'bench' }, spec: { parameters: { n: '1' }, components } });

const time = <T>(label: string, run: () => T): T => {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(22)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
  return result;
};

console.log(`${count} components, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB of YAML`);
const parsed = time('parse (YAML)', () => parseApplicationText(text, 'yaml'));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
const json = JSON.stringify(parsed.document);
time('parse (JSON)', () => parseApplicationText(json, 'json'));
const result = time('validate', () => validateApplication(parsed.document, exampleCatalog, parsed.sourceMap));
if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
const dag = time('buildDeploymentDag', () => buildDeploymentDag(result.application, exampleCatalog));
time('topologicalOrder', () => topologicalOrder(dag));
console.log(`${dag.nodes.length} nodes, ${dag.edges.length} edges`);
