import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { applyOverridePolicy, readTopology, type Application } from '../index.js';

const base: Application = {
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'shop' },
  spec: {
    components: [
      { name: 'api', type: 'process', properties: { replicas: 3, env: { A: '1', B: '2' }, command: ['node'] }, traits: [{ type: 'env', properties: { vars: { X: '1' } } }, { type: 'scaler', properties: { max: 5 } }] },
      { name: 'web', type: 'process', properties: { replicas: 2 } },
      { name: 'db', type: 'mysql-database', properties: { sizeGiB: 5 } },
    ],
  },
};

describe('applyOverridePolicy', () => {
  it('deep-merges properties of the named component (null deletes, lists replace) and leaves the input alone', () => {
    const result = applyOverridePolicy(base, { components: [{ name: 'api', properties: { replicas: 1, env: { B: null, C: '3' }, command: ['bun'] } }] });
    assert.deepEqual(result.spec.components[0]!.properties, { replicas: 1, env: { A: '1', C: '3' }, command: ['bun'] });
    assert.deepEqual(base.spec.components[0]!.properties, { replicas: 3, env: { A: '1', B: '2' }, command: ['node'] });
  });

  it('patches every component of a type when no name is given, and matches wildcards', () => {
    const byType = applyOverridePolicy(base, { components: [{ type: 'process', properties: { replicas: 9 } }] });
    assert.deepEqual(byType.spec.components.map((c) => c.properties?.['replicas']), [9, 9, undefined]);
    const byWildcard = applyOverridePolicy(base, { components: [{ name: 'w*', properties: { replicas: 7 } }] });
    assert.deepEqual(byWildcard.spec.components.map((c) => c.properties?.['replicas']), [3, 7, undefined]);
  });

  it('merges traits by type, removes disabled ones and adds new ones', () => {
    const result = applyOverridePolicy(base, {
      components: [{ name: 'api', traits: [{ type: 'env', properties: { vars: { Y: '2' } } }, { type: 'scaler', disable: true }, { type: 'http-endpoint', properties: { port: 80 } }] }],
    });
    assert.deepEqual(result.spec.components[0]!.traits, [
      { type: 'env', properties: { vars: { X: '1', Y: '2' } } },
      { type: 'http-endpoint', properties: { port: 80 } },
    ]);
  });

  it('replaces properties when the type changes, adds unknown components, and keeps only selected ones', () => {
    const result = applyOverridePolicy(base, {
      components: [{ name: 'db', type: 'sqlite', properties: { file: 'x.db' } }, { name: 'cache', type: 'redis', properties: { maxMemory: 64 } }],
      selector: ['db', 'cache', 'api'],
    });
    assert.deepEqual(result.spec.components.map((c) => `${c.name}:${c.type}`), ['api:process', 'db:sqlite', 'cache:redis']);
    assert.deepEqual(result.spec.components[1]!.properties, { file: 'x.db' });
  });

  it('rejects malformed properties with paths', () => {
    assert.throws(
      () => applyOverridePolicy(base, { components: [{ name: 3 }, { name: 'new-one' }], selector: 'api' }),
      (error: unknown) => error instanceof DomainError && error.errors.map((e) => e.path).join() === 'components[0].name,selector',
    );
    assert.throws(
      () => applyOverridePolicy(base, { components: [{ name: 'new-one' }] }),
      (error: unknown) => error instanceof DomainError && error.errors[0]!.path === 'components[0].type',
    );
  });
});

describe('readTopology', () => {
  it('reads clusters, namespace and stage', () => {
    assert.deepEqual(readTopology({ clusters: ['local'], namespace: 'shop', stage: 'staging' }), { clusters: ['local'], namespace: 'shop', stage: 'staging' });
  });

  it("accepts a label selector, including KubeVela's older clusterSelector", () => {
    assert.deepEqual(readTopology({ clusterSelector: { region: 'eu' } }), { clusters: [], clusterLabelSelector: { region: 'eu' } });
  });

  it('rejects a topology that names no cluster, and bad names', () => {
    assert.throws(
      () => readTopology({ namespace: 'Shop', stage: 'x'.repeat(64) }),
      (error: unknown) => error instanceof DomainError && error.errors.map((e) => e.path).join() === 'clusters,namespace,stage',
    );
  });
});
