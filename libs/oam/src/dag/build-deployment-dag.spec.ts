import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { buildDeploymentDag, parseApplicationText, readyNodes, topologicalOrder, type Application, type ComponentSpec, type Dag } from '../index.js';
import { exampleCatalog, readExample } from '../test-support/example-catalog.fixture.js';

const loadExample = (name: string): Application => {
  const parsed = parseApplicationText(readExample(name), 'yaml');
  assert.ok(parsed.ok);
  return parsed.document as Application;
};

const app = (components: ComponentSpec[]): Application => ({
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'test' },
  spec: { components },
});
const proc = (name: string, extra: Partial<ComponentSpec> = {}): ComponentSpec => ({ name, type: 'process', properties: { command: ['x'] }, ...extra });
const edgeList = (dag: Dag): string[] => dag.edges.map((e) => `${e.from} -> ${e.to}`);

function cycleMessage(application: Application): string {
  try {
    buildDeploymentDag(application, exampleCatalog);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'validation_failed');
    return error.errors.map((e) => e.message).join('\n');
  }
  assert.fail('expected a cycle to be rejected');
}

describe('buildDeploymentDag', () => {
  it('lays out chain.yaml: api before web#gate, migrate independent', () => {
    const dag = buildDeploymentDag(loadExample('chain.yaml'), exampleCatalog);
    assert.deepEqual(
      dag.nodes.map((n) => `${n.id}:${n.kind}`),
      ['api#gate:gate', 'api#trait:0:env:trait', 'api:component', 'web#gate:gate', 'web:component', 'migrate#gate:gate', 'migrate:component'],
    );
    assert.deepEqual(edgeList(dag), [
      'api#gate -> api#trait:0:env',
      'api#trait:0:env -> api',
      'web#gate -> web',
      'migrate#gate -> migrate',
      'api -> web#gate',
    ]);
    assert.deepEqual(dag.edges.find((e) => e.to === 'web#gate'), { from: 'api', to: 'web#gate', reason: 'output', output: 'apiUrl' });
    assert.deepEqual(dag.nodes.find((n) => n.id === 'api')!.plugin, { name: 'process', version: '1.2.0' });
    assert.deepEqual(readyNodes(dag, []).map((n) => n.id), ['api#gate', 'migrate#gate']);
  });

  it('takes outputs from the post-trait that declares them, and dependsOn from the last post-trait', () => {
    const dag = buildDeploymentDag(
      app([
        proc('api', {
          traits: [
            { type: 'http-endpoint', properties: { port: 1 }, outputs: [{ name: 'apiUrl', valueFrom: 'url' }] },
            { type: 'env' },
            { type: 'http-endpoint', properties: { port: 2 } },
          ],
        }),
        proc('web', { properties: { command: ['x'], env: { API: '${{ outputs.apiUrl }}' } } }),
        proc('worker', { dependsOn: ['api'] }),
      ]),
      exampleCatalog,
    );
    const edges = edgeList(dag);
    // env is a pre-trait even though it is written second.
    assert.deepEqual(edges.slice(0, 4), [
      'api#gate -> api#trait:1:env',
      'api#trait:1:env -> api',
      'api -> api#trait:0:http-endpoint',
      'api#trait:0:http-endpoint -> api#trait:2:http-endpoint',
    ]);
    assert.ok(edges.includes('api#trait:0:http-endpoint -> web#gate'));
    assert.ok(edges.includes('api#trait:2:http-endpoint -> worker#gate'));
  });

  it('points an edge at the trait itself when a trait reads an output', () => {
    const dag = buildDeploymentDag(
      app([
        proc('db', { outputs: [{ name: 'dbUrl', valueFrom: 'url' }] }),
        proc('api', { traits: [{ type: 'env', inputs: [{ from: 'dbUrl', parameterKey: 'vars.DB' }] }] }),
      ]),
      exampleCatalog,
    );
    assert.deepEqual(dag.edges.filter((e) => e.reason === 'output'), [{ from: 'db', to: 'api#trait:0:env', reason: 'output', output: 'dbUrl' }]);
    assert.deepEqual(dag.nodes.find((n) => n.id === 'api#trait:0:env')!.predecessors, ['api#gate', 'db']);
  });

  it('rejects invalid-cycle.yaml naming a → b → a', () => {
    assert.equal(cycleMessage(loadExample('invalid-cycle.yaml')), 'cycle: a → b → a');
  });

  it('names trait nodes in a cycle that runs through a trait', () => {
    const message = cycleMessage(
      app([
        proc('a', { traits: [{ type: 'env', properties: { vars: { B: '${{ outputs.bOut }}' } } }] }),
        proc('b', { dependsOn: ['a'], outputs: [{ name: 'bOut', valueFrom: 'pid' }] }),
      ]),
    );
    assert.equal(message, 'cycle: a#trait:0:env → a → b → a#trait:0:env');
  });

  it('rejects a component that reads its own output', () => {
    assert.equal(cycleMessage(app([proc('a', { inputs: [{ from: 'aOut', parameterKey: 'env.X' }], outputs: [{ name: 'aOut', valueFrom: 'pid' }] })])), 'cycle: a → a');
  });

  it('rejects unknown plugins instead of guessing a stage', () => {
    assert.throws(() => buildDeploymentDag(app([proc('a', { traits: [{ type: 'nope' }] })]), exampleCatalog), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.deepEqual(error.errors, [{ path: 'spec.components[0].traits[0].type', message: 'unknown trait type "nope"' }]);
      return true;
    });
  });

  it('builds 2,000 components with a 200-deep chain and ~10,000 edges', () => {
    const components = Array.from({ length: 2000 }, (_, i) => {
      const dependsOn = new Set<string>();
      if (i > 0 && i < 200) dependsOn.add(`c${i - 1}`);
      // Deterministic extra dependencies on earlier components: about 4 per component.
      for (let k = 1; k <= 4 && i >= 200; k++) dependsOn.add(`c${(i * 7919 + k * 104729) % i}`);
      return proc(`c${i}`, { dependsOn: [...dependsOn] });
    });
    const dag = buildDeploymentDag(app(components), exampleCatalog);
    assert.equal(dag.nodes.length, 4000);
    assert.ok(dag.edges.length > 9000, `only ${dag.edges.length} edges`);
    const order = topologicalOrder(dag);
    const position = new Map(order.map((id, i) => [id, i]));
    assert.equal(order.length, 4000);
    for (const edge of dag.edges) assert.ok(position.get(edge.from)! < position.get(edge.to)!, `${edge.from} after ${edge.to}`);
    assert.ok(position.get('c198')! < position.get('c199#gate')!);
  });

  it('finds a cycle 2,000 components long without exhausting the stack', () => {
    const components = Array.from({ length: 2000 }, (_, i) => proc(`c${i}`, { dependsOn: [`c${(i + 1999) % 2000}`] }));
    const message = cycleMessage(app(components));
    assert.match(message, /^cycle: c0 → c1 → c2 → .* → c1999 → c0$/);
  });
});

describe('topologicalOrder and readyNodes', () => {
  const dag = buildDeploymentDag(loadExample('chain.yaml'), exampleCatalog);

  it('orders every node after its predecessors', () => {
    assert.deepEqual(topologicalOrder(dag), ['api#gate', 'migrate#gate', 'api#trait:0:env', 'migrate', 'api', 'web#gate', 'web']);
  });

  it('releases a node once all its predecessors succeeded', () => {
    assert.deepEqual(readyNodes(dag, ['api#gate', 'migrate#gate']).map((n) => n.id), ['api#trait:0:env', 'migrate']);
    assert.deepEqual(readyNodes(dag, new Set(['api#gate', 'api#trait:0:env', 'api'])).map((n) => n.id), ['web#gate', 'migrate#gate']);
    assert.deepEqual(readyNodes(dag, topologicalOrder(dag)), []);
  });
});
