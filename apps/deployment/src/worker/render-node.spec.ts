import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeOrderEntity } from '@appmanager/persistence';
import type { NodeSpec } from '../orders/node-spec.js';
import { mergePatch, publish, renderComponentProperties } from './render-node.js';

const row = (nodeId: string, result: Record<string, unknown>): NodeOrderEntity => ({ nodeId, result }) as unknown as NodeOrderEntity;

describe('rendering a node', () => {
  it('resolves parameters, context and producer outputs, writes inputs, then merges pre-trait patches in order', () => {
    const spec: NodeSpec = {
      successors: [],
      in: [],
      componentIndex: 1,
      reads: ['db'],
      preTraits: ['api#trait:0:a', 'api#trait:1:b'],
      component: {
        name: 'api',
        type: 'process',
        properties: { replicas: '${{ parameters.replicas }}', name: '${{ context.appName }}-${{ context.stage }}', env: { A: '1' } },
        inputs: [{ from: 'dbUrl', parameterKey: 'env.DB_URL' }],
      },
    };
    const rows = [row('db', { published: { dbUrl: 'mysql://db' } }), row('api#trait:0:a', { patch: { env: { A: null, B: '2' } } }), row('api#trait:1:b', { patch: { replicas: 5 } })];
    const scope = { parameters: { replicas: 2 }, context: { appName: 'shop', stage: 'qa' } };
    assert.deepEqual(renderComponentProperties(spec, scope, rows), { replicas: 5, name: 'shop-qa', env: { B: '2', DB_URL: 'mysql://db' } });
    assert.deepEqual(renderComponentProperties(spec, scope, rows, 'api#trait:1:b'), { replicas: 2, name: 'shop-qa', env: { B: '2', DB_URL: 'mysql://db' } }, 'a pre-trait sees only the patches before it');
  });

  it('names an unresolvable reference with its path', () => {
    const spec: NodeSpec = { successors: [], in: [], componentIndex: 0, component: { name: 'a', type: 'p', properties: { x: '${{ outputs.missing }}' } } };
    assert.throws(() => renderComponentProperties(spec, { parameters: {}, context: {} }, []), (error: Error & { errors: Array<{ path: string }> }) => error.errors[0]!.path === 'spec.components[0].properties.x');
  });

  it('publishes outputs by valueFrom and says what the plugin had when a path is missing', () => {
    assert.deepEqual(publish([{ name: 'apiUrl', valueFrom: 'http.url' }], { http: { url: 'u' } }), { published: { apiUrl: 'u' } });
    assert.match(publish([{ name: 'apiUrl', valueFrom: 'url' }], { port: 1 }).missing!, /output apiUrl: "url" is not among the plugin's outputs \(port\)/);
  });

  it('merges like RFC 7386', () => {
    assert.deepEqual(mergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: [1] } }), { a: 1, b: { d: [1] } });
  });
});
