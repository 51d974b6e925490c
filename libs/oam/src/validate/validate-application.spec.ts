import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorDetail } from '@appmanager/contracts';
import { parseApplicationText, validateApplication, type ValidationResult } from '../index.js';
import { exampleCatalog, readExample } from '../test-support/example-catalog.fixture.js';

type Doc = Record<string, unknown> & { spec: Record<string, unknown> & { components: Record<string, unknown>[] } };

/** A valid two-component app; tests break one thing at a time. */
function baseApp(): Doc {
  return {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      parameters: { replicas: 2, greeting: 'hello' },
      components: [
        { name: 'db', type: 'mysql-database', properties: { sizeGiB: 5 }, outputs: [{ name: 'dbUrl', valueFrom: 'url' }] },
        {
          name: 'api',
          type: 'process',
          dependsOn: ['db'],
          properties: { command: ['node', 'server.js'], replicas: '${{ parameters.replicas }}', env: { GREETING: '${{ parameters.greeting }}' } },
          inputs: [{ from: 'dbUrl', parameterKey: 'env.DB_URL' }],
          traits: [{ type: 'http-endpoint', properties: { port: 8080 }, outputs: [{ name: 'apiUrl', valueFrom: 'url' }] }],
        },
      ],
    },
  };
}

function errorsOf(doc: unknown): ErrorDetail[] {
  const result: ValidationResult = validateApplication(doc, exampleCatalog);
  assert.equal(result.ok, false, 'expected validation to fail');
  return result.errors;
}

function assertError(errors: ErrorDetail[], path: string, message: RegExp): void {
  const match = errors.find((e) => e.path === path && message.test(e.message));
  assert.ok(match, `no error at ${path} matching ${message}; got:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
}

describe('validateApplication: the examples', () => {
  it('accepts hello.yaml', () => {
    const parsed = parseApplicationText(readExample('hello.yaml'), 'yaml');
    assert.ok(parsed.ok);
    const result = validateApplication(parsed.document, exampleCatalog, parsed.sourceMap);
    assert.deepEqual(result.errors, []);
    assert.ok(result.ok);
    assert.equal(result.application.spec.components[0]!.name, 'api');
  });

  it('accepts chain.yaml', () => {
    const parsed = parseApplicationText(readExample('chain.yaml'), 'yaml');
    assert.ok(parsed.ok);
    assert.deepEqual(validateApplication(parsed.document, exampleCatalog).errors, []);
  });

  it('rejects invalid-cycle.yaml naming the cycle a → b → a, with its line', () => {
    const parsed = parseApplicationText(readExample('invalid-cycle.yaml'), 'yaml');
    assert.ok(parsed.ok);
    const result = validateApplication(parsed.document, exampleCatalog, parsed.sourceMap);
    assert.equal(result.ok, false);
    assert.deepEqual(result.errors, [{ path: 'spec.components[0]', message: 'cycle: a → b → a', line: 7, column: 7 }]);
  });

  it('accepts the base app used below', () => {
    assert.deepEqual(validateApplication(baseApp(), exampleCatalog).errors, []);
  });
});

describe('validateApplication: rules', () => {
  it('requires the OAM header and a DNS-1123 app name', () => {
    const doc = baseApp();
    doc['apiVersion'] = 'v1';
    doc['metadata'] = { name: 'Shop_1' };
    const errors = errorsOf(doc);
    assertError(errors, 'apiVersion', /core\.oam\.dev\/v1beta1/);
    assertError(errors, 'metadata.name', /DNS-1123/);
  });

  it('rejects component names that are not DNS-1123 labels or longer than 63', () => {
    const doc = baseApp();
    doc.spec.components[0]!['name'] = 'x'.repeat(64);
    doc.spec.components.push({ name: 'Web', type: 'process', properties: { command: ['x'] } });
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[0].name', /DNS-1123/);
    assertError(errors, 'spec.components[2].name', /DNS-1123/);
  });

  it('names missing and unknown fields exactly', () => {
    const doc = baseApp();
    delete doc.spec.components[0]!['type'];
    doc.spec.components[1]!['dependOn'] = ['db'];
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[0].type', /is required/);
    assertError(errors, 'spec.components[1].dependOn', /not a known field/);
  });

  it('rejects duplicate component names', () => {
    const doc = baseApp();
    doc.spec.components.push({ name: 'db', type: 'process', properties: { command: ['x'] } });
    assertError(errorsOf(doc), 'spec.components[2].name', /duplicate component name "db".*spec\.components\[0\]/);
  });

  it('requires output names to be identifiers and unique across the app', () => {
    const doc = baseApp();
    doc.spec.components[0]!['outputs'] = [{ name: 'db-url', valueFrom: 'url' }, { name: 'apiUrl', valueFrom: 'url' }];
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[0].outputs[0].name', /identifier/);
    assertError(errors, 'spec.components[1].traits[0].outputs[0].name', /duplicate output name "apiUrl"/);
  });

  it('rejects unknown component, trait, policy and step types, and unknown versions', () => {
    const doc = baseApp();
    doc.spec.components[0]!['type'] = 'redis';
    doc.spec.components[1]!['type'] = 'process@9.9.9';
    (doc.spec.components[1]!['traits'] as unknown[]).push({ type: 'gateway' });
    doc.spec['policies'] = [{ name: 'p', type: 'nope' }];
    doc.spec['workflow'] = { steps: [{ name: 's', type: 'teleport' }] };
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[0].type', /unknown component type "redis"/);
    assertError(errors, 'spec.components[1].type', /unknown component type "process@9\.9\.9".*version/);
    assertError(errors, 'spec.components[1].traits[1].type', /unknown trait type "gateway"/);
    assertError(errors, 'spec.policies[0].type', /unknown policy type "nope"/);
    assertError(errors, 'spec.workflow.steps[0].type', /unknown workflow step type "teleport"/);
  });

  it('accepts a pinned version the catalog knows', () => {
    const doc = baseApp();
    doc.spec.components[1]!['type'] = 'process@1.2.0';
    assert.deepEqual(validateApplication(doc, exampleCatalog).errors, []);
  });

  it('rejects a trait attached to a component type it does not apply to', () => {
    const doc = baseApp();
    doc.spec.components[0]!['traits'] = [{ type: 'http-endpoint', properties: { port: 1 } }];
    assertError(errorsOf(doc), 'spec.components[0].traits[0].type', /does not apply to component type "mysql-database" \(it applies to: process\)/);
  });

  it('rejects outputs on a pre-trait', () => {
    const doc = baseApp();
    doc.spec.components[1]!['traits'] = [{ type: 'env', outputs: [{ name: 'x', valueFrom: 'y' }] }];
    assertError(errorsOf(doc), 'spec.components[1].traits[0].outputs', /stage pre.*cannot produce outputs/);
  });

  it('validates properties against the plugin schema, with the full path inside properties', () => {
    const doc = baseApp();
    doc.spec.components[0]!['properties'] = { sizeGiB: 0, credentials: { user: 7 } };
    doc.spec.components[1]!['properties'] = { command: [], env: { A: 1 }, readiness: { httpGet: {} } };
    doc.spec.components[1]!['inputs'] = [];
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[0].properties.sizeGiB', /must be >= 1/);
    assertError(errors, 'spec.components[0].properties.credentials.user', /must be string/);
    assertError(errors, 'spec.components[1].properties.command', /fewer than 1/);
    assertError(errors, 'spec.components[1].properties.env.A', /must be string/);
    assertError(errors, 'spec.components[1].properties.readiness.httpGet.path', /is required/);
  });

  it('folds oneOf branches into one error per value', () => {
    const doc = baseApp();
    doc.spec.components[1]!['properties'] = { command: ['x'], port: 'any' };
    const errors = errorsOf(doc);
    assert.deepEqual(errors, [{ path: 'spec.components[1].properties.port', message: 'must be integer, or must be "auto"' }]);
  });

  it('validates trait properties against the trait schema', () => {
    const doc = baseApp();
    (doc.spec.components[1]!['traits'] as Record<string, unknown>[])[0]!['properties'] = { port: 'eighty' };
    assertError(errorsOf(doc), 'spec.components[1].traits[0].properties.port', /must be integer/);
  });

  it('substitutes parameters before checking properties, and leaves run-time values alone', () => {
    const doc = baseApp();
    doc.spec['parameters'] = { replicas: 'many', greeting: 'hello' };
    doc.spec.components[1]!['properties'] = {
      command: ['node'],
      replicas: '${{ parameters.replicas }}',
      env: { URL: '${{ outputs.dbUrl }}', APP: '${{ context.appName }}' },
      port: '${{ outputs.dbUrl }}',
    };
    const errors = errorsOf(doc);
    assert.deepEqual(errors.map((e) => e.path), ['spec.components[1].properties.replicas']);
  });

  it('counts inputs as present where they write (a required property fed by an input)', () => {
    const doc = baseApp();
    doc.spec.components[1]!['properties'] = {};
    doc.spec.components[1]!['inputs'] = [{ from: 'dbUrl', parameterKey: 'command' }];
    assert.deepEqual(validateApplication(doc, exampleCatalog).errors, []);
  });

  it('rejects inputs from unknown outputs', () => {
    const doc = baseApp();
    doc.spec.components[1]!['inputs'] = [{ from: 'dbURL', parameterKey: 'env.DB_URL' }];
    assertError(errorsOf(doc), 'spec.components[1].inputs[0].from', /unknown output "dbURL"/);
  });

  it('rejects references to unknown parameters, outputs and context keys, and anything that is not a lookup', () => {
    const doc = baseApp();
    doc.spec.components[1]!['properties'] = {
      command: ['${{ parameters.missing }}', '${{ outputs.nothing }}', 'x-${{ context.user }}', '${{ 1 + 1 }}', '${{ parameters.greeting'],
      env: { A: '${{ parameters.constructor }}' },
    };
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[1].properties.command[0]', /unknown parameter "missing"/);
    assertError(errors, 'spec.components[1].properties.command[1]', /unknown output "nothing"/);
    assertError(errors, 'spec.components[1].properties.command[2]', /unknown context key "user"/);
    assertError(errors, 'spec.components[1].properties.command[3]', /is not a lookup/);
    assertError(errors, 'spec.components[1].properties.command[4]', /no closing/);
    assertError(errors, 'spec.components[1].properties.env.A', /unknown parameter "constructor"/);
  });

  it('rejects dependsOn naming an unknown component or itself', () => {
    const doc = baseApp();
    doc.spec.components[1]!['dependsOn'] = ['db', 'cache', 'api'];
    const errors = errorsOf(doc);
    assertError(errors, 'spec.components[1].dependsOn[1]', /unknown component "cache"/);
    assertError(errors, 'spec.components[1].dependsOn[2]', /cannot depend on itself/);
  });

  it('checks policy and step names, and workflow mode', () => {
    const doc = baseApp();
    doc.spec['policies'] = [{ name: 'p', type: 'topology' }, { name: 'p', type: 'override' }];
    doc.spec['workflow'] = { mode: 'Parallel', steps: [{ name: 'Deploy', type: 'deploy' }, { name: 'b', type: 'suspend', dependsOn: ['zzz'] }] };
    const errors = errorsOf(doc);
    assertError(errors, 'spec.policies[1].name', /duplicate policy name "p"/);
    assertError(errors, 'spec.workflow.mode', /StepByStep or DAG/);
    assertError(errors, 'spec.workflow.steps[0].name', /DNS-1123/);
    assertError(errors, 'spec.workflow.steps[1].dependsOn[0]', /unknown step "zzz"/);
  });

  it("accepts KubeVela's object form of workflow mode", () => {
    const doc = baseApp();
    doc.spec['workflow'] = { mode: { steps: 'DAG', subSteps: 'StepByStep' }, steps: [{ name: 'a', type: 'deploy' }] };
    assert.deepEqual(validateApplication(doc, exampleCatalog).errors, []);
  });

  it('reports all errors at once: five different mistakes give five errors', () => {
    const doc = baseApp();
    doc['metadata'] = { name: 'Bad Name' };
    doc.spec.components[0]!['type'] = 'redis';
    doc.spec.components[1]!['dependsOn'] = ['ghost'];
    doc.spec.components[1]!['inputs'] = [{ from: 'nope', parameterKey: 'env.X' }];
    (doc.spec.components[1]!['traits'] as Record<string, unknown>[])[0]!['properties'] = { port: 'x' };
    const errors = errorsOf(doc);
    assert.deepEqual(
      errors.map((e) => e.path).sort(),
      [
        'metadata.name',
        'spec.components[0].type',
        'spec.components[1].dependsOn[0]',
        'spec.components[1].inputs[0].from',
        'spec.components[1].traits[0].properties.port',
      ],
    );
  });

  it('rejects 2,001 components', () => {
    const doc = baseApp();
    doc.spec.components = Array.from({ length: 2001 }, (_, i) => ({ name: `c${i}`, type: 'process', properties: { command: ['x'] } }));
    const errors = errorsOf(doc);
    assert.deepEqual(errors, [{ path: 'spec.components', message: 'must have at most 2000 items, not 2001' }]);
  });

  it('accepts 2,000 components', () => {
    const doc = baseApp();
    doc.spec.components = Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, type: 'process', properties: { command: ['x'] } }));
    assert.deepEqual(validateApplication(doc, exampleCatalog).errors, []);
  });

  it('adds line and column from the source map', () => {
    const text = [
      'apiVersion: core.oam.dev/v1beta1',
      'kind: Application',
      'metadata: {name: demo}',
      'spec:',
      '  components:',
      '    - name: api',
      '      type: process',
      '      properties: {command: [node]}',
      '      traits:',
      '        - type: backup',
    ].join('\n');
    const parsed = parseApplicationText(text, 'yaml');
    assert.ok(parsed.ok);
    const result = validateApplication(parsed.document, exampleCatalog, parsed.sourceMap);
    assert.equal(result.ok, false);
    assert.equal(result.errors.length, 1);
    assert.deepEqual({ ...result.errors[0], message: '' }, { path: 'spec.components[0].traits[0].type', message: '', line: 10, column: 17 });
  });
});
