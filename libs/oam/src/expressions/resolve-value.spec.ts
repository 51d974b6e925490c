import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { applyInputs, referencedOutputs, resolveValue, type ExpressionScope } from '../index.js';

const scope: ExpressionScope = {
  parameters: { replicas: 2, greeting: 'hello', limits: { cpu: '500m', memory: 256 }, enabled: false },
  context: { appName: 'shop', stage: 'staging', namespace: 'web' },
  outputs: { dbUrl: 'mysql://db:3306/shop', ports: [80, 443] },
};

function rejection(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'validation_failed');
    return error.errors.map((e) => `${e.path}: ${e.message}`);
  }
  assert.fail('expected a DomainError');
}

describe('resolveValue', () => {
  it('keeps the type of a whole-string reference', () => {
    const resolved = resolveValue(
      { replicas: '${{ parameters.replicas }}', limits: '${{parameters.limits}}', on: '${{ parameters.enabled }}', ports: '${{ outputs.ports }}' },
      scope,
    );
    assert.deepEqual(resolved, { replicas: 2, limits: { cpu: '500m', memory: 256 }, on: false, ports: [80, 443] });
  });

  it('stringifies references embedded in text, and resolves deep inside lists and objects', () => {
    const resolved = resolveValue(
      { env: { APP: '${{ context.appName }}-${{ context.stage }}', N: 'x${{ parameters.replicas }}', L: 'l=${{ parameters.limits }}' }, args: ['--db=${{ outputs.dbUrl }}'] },
      scope,
    );
    assert.deepEqual(resolved, { env: { APP: 'shop-staging', N: 'x2', L: 'l={"cpu":"500m","memory":256}' }, args: ['--db=mysql://db:3306/shop'] });
  });

  it('reads nested parameters by dotted path', () => {
    assert.equal(resolveValue('${{ parameters.limits.memory }}', scope), 256);
  });

  it('returns copies, so changing a resolved value never changes the scope', () => {
    const resolved = resolveValue({ l: '${{ parameters.limits }}' }, scope) as { l: { cpu: string } };
    resolved.l.cpu = '1';
    assert.equal((scope.parameters!['limits'] as { cpu: string }).cpu, '500m');
  });

  it('is a lookup, never code: anything else is rejected with its path', () => {
    const errors = rejection(() =>
      resolveValue({ a: '${{ 1 + 1 }}', b: ['${{ process.env.HOME }}'], c: '${{ parameters["x"] }}', d: '${{ outputs.a.b }}' }, scope),
    );
    assert.deepEqual(errors.map((e) => e.split(':')[0]), ['a', 'b[0]', 'c', 'd']);
    assert.match(errors[0]!, /is not a lookup/);
  });

  it('names references it cannot resolve', () => {
    const errors = rejection(() => resolveValue({ a: '${{ parameters.missing }}', b: '${{ outputs.webUrl }}', c: '${{ context.cluster }}', d: '${{ parameters.toString }}' }, scope));
    assert.deepEqual(errors, [
      'a: unknown parameter "missing"',
      'b: output "webUrl" has not been produced',
      'c: context.cluster is not known here',
      'd: unknown parameter "toString"',
    ]);
  });

  it('does not resolve expressions found inside resolved values', () => {
    const resolved = resolveValue('${{ outputs.sneaky }}', { outputs: { sneaky: '${{ parameters.secret }}' }, parameters: { secret: 's' } });
    assert.equal(resolved, '${{ parameters.secret }}');
  });
});

describe('applyInputs', () => {
  it('sets each input at its dotted path, creating objects on the way, without changing the original', () => {
    const properties = { command: ['node'], env: { A: '1' } };
    const result = applyInputs(properties, [{ from: 'dbUrl', parameterKey: 'env.DB_URL' }, { from: 'ports', parameterKey: 'network.ports' }], { dbUrl: 'mysql://x', ports: [1, 2] });
    assert.deepEqual(result, { command: ['node'], env: { A: '1', DB_URL: 'mysql://x' }, network: { ports: [1, 2] } });
    assert.deepEqual(properties, { command: ['node'], env: { A: '1' } });
  });

  it('indexes into an existing list with a numeric segment', () => {
    const result = applyInputs({ command: ['node', 'PLACEHOLDER'] }, [{ from: 'dbUrl', parameterKey: 'command.1' }], { dbUrl: 'u' });
    assert.deepEqual(result, { command: ['node', 'u'] });
  });

  it('refuses missing outputs, paths through scalars and prototype keys', () => {
    const errors = rejection(() =>
      applyInputs(
        { env: 'flat' },
        [
          { from: 'missing', parameterKey: 'x' },
          { from: 'dbUrl', parameterKey: 'env.X' },
          { from: 'dbUrl', parameterKey: '__proto__.polluted' },
        ],
        { dbUrl: 'u' },
      ),
    );
    assert.deepEqual(errors.map((e) => e.split(':')[0]), ['inputs[0].from', 'inputs[1].parameterKey', 'inputs[2].parameterKey']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('referencedOutputs', () => {
  it('lists each output a value reads, once, in order', () => {
    assert.deepEqual(
      referencedOutputs({ a: '${{ outputs.x }}', b: ['${{ outputs.y }}/${{ outputs.x }}'], c: '${{ parameters.z }}', d: 42 }),
      ['x', 'y'],
    );
  });
});
