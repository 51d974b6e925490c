import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@appmanager/plugin-sdk';
import { DomainError } from '@appmanager/contracts';
import { compilePlugin } from './compile-plugin.js';
import { PluginRuntime } from '../runtime/plugin-runtime.js';
import { pluginFixture, refOf } from '../test-support/plugin-fixture.js';

const rejectsWith = async (promise: Promise<unknown>, check: (error: DomainError) => void): Promise<void> => {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    check(error);
    return true;
  });
};

describe('compilePlugin', () => {
  const runtime = new PluginRuntime();
  after(() => runtime.close());

  it('bundles the package files, erases type-only sdk imports and keeps the define helpers', async () => {
    const plugin = await pluginFixture(
      { kind: 'trait', name: 'replicas', version: '1.0.0' },
      {
        'src/index.ts': `import type { TraitRequest } from '@appmanager/plugin-sdk';
import { defineTrait } from '@appmanager/plugin-sdk';
import { clamp } from './lib/clamp.js';
import limits from './limits.json';
export default defineTrait<{ replicas: number }>({
  execute(_ctx, req: TraitRequest<{ replicas: number }>) {
    return { patch: { replicas: clamp(req.properties.replicas, limits.min, limits.max) } };
  },
});
`,
        'src/lib/clamp.ts': 'export const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));\n',
        'src/limits.json': '{ "min": 1, "max": 10 }',
      },
    );
    runtime.activate(plugin);
    const result = await runtime.call(refOf(plugin), 'execute', [{ stage: 'pre', properties: { replicas: 50 } }]);
    assert.deepEqual(result, { patch: { replicas: 10 } });
  });

  it('mirrors every runtime export of the sdk in the sandbox shim', async () => {
    const plugin = await pluginFixture(
      { kind: 'policy', name: 'sdk-names', version: '1.0.0' },
      `import * as sdk from '@appmanager/plugin-sdk';
export default { apply: () => Object.keys(sdk).sort() };`,
    );
    runtime.activate(plugin);
    assert.deepEqual(await runtime.call(refOf(plugin), 'apply', []), Object.keys(sdk).sort());
  });

  it('names file, line and column of a TypeScript syntax error', async () => {
    await rejectsWith(
      compilePlugin({
        entry: 'src/index.ts',
        files: { 'src/index.ts': "import { x } from './x.js';\nexport default { run() { return x; } };\n", 'src/x.ts': 'export const x = {\n  a: 1,\n  b: ;\n};\n' },
      }),
      (error) => {
        assert.equal(error.code, 'validation_failed');
        assert.equal(error.errors[0]?.path, 'src/x.ts');
        assert.equal(error.errors[0]?.line, 3);
        assert.equal(error.errors[0]?.column, 6);
        assert.match(error.message, /src\/x\.ts:3:6/);
      },
    );
  });

  it('refuses imports from outside the package, naming the import and where it is', async () => {
    for (const [specifier, expected] of [
      ['node:fs', /import 'node:fs' is not allowed/],
      ['child_process', /import 'child_process' is not allowed/],
      ['lodash', /import 'lodash' is not allowed/],
      ['/etc/passwd', /import '\/etc\/passwd' is not allowed/],
      ['../../outside.js', /cannot resolve '..\/..\/outside.js'/],
      ['./missing.js', /cannot resolve '.\/missing.js'/],
    ] as const) {
      await rejectsWith(
        compilePlugin({ entry: 'src/index.ts', files: { 'src/index.ts': `\nimport * as m from '${specifier}';\nexport default { m };\n` } }),
        (error) => {
          assert.equal(error.code, 'validation_failed');
          assert.match(error.message, expected);
          assert.deepEqual([error.errors[0]?.path, error.errors[0]?.line], ['src/index.ts', 2]);
        },
      );
    }
  });

  it('reports an entry that is not in the package', async () => {
    await rejectsWith(compilePlugin({ entry: 'src/main.ts', files: { 'src/index.ts': 'export default {};' } }), (error) => {
      assert.equal(error.code, 'validation_failed');
      assert.match(error.message, /entry 'src\/main.ts' is not a file of the plugin package/);
    });
  });
});
