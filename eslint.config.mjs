// Lint for the whole workspace. The module-boundary rule keeps the architecture honest:
// projects are tagged on two axes (type:*, scope:*) in their package.json, and each
// technology may be imported only by the adapter lib that owns it (tech:* tags).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

/** technology → the packages that carry it. Only the project tagged `tech:<name>` may import them. */
const technologies = {
  typeorm: ['typeorm', 'mysql2', 'mysql2/*'],
  messaging: ['@nats-io/*', 'ioredis'],
  'isolated-vm': ['isolated-vm'],
  minio: ['minio'],
  kube: ['@kubernetes/client-node'],
};
const allTech = Object.values(technologies).flat();
const bannedExcept = (tech) => allTech.filter((p) => !technologies[tech].includes(p));

/**
 * The dependency rules. Test files (`*.spec.ts`, `*.int-spec.ts`) may also use the
 * type:testing helpers (isolated test runs on real infrastructure); code may not.
 */
const constraints = (forTests) => {
  const t = forTests ? ['type:testing'] : [];
  return [
    layer('type:app', ['type:feature', 'type:domain', 'type:contracts', 'type:data-access', 'type:adapter', 'type:util', ...t]),
    layer('type:feature', ['type:domain', 'type:contracts', 'type:data-access', 'type:adapter', 'type:util', ...t]),
    layer('type:domain', ['type:domain', 'type:contracts', 'type:util', ...t], ['bullmq', '@nestjs/*', 'node:fs', 'node:net', 'node:http', 'node:child_process']),
    // Adapters and data access stand side by side: none imports another.
    { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', ...t] },
    { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', ...t] },
    layer('type:contracts', ['type:contracts', 'type:util', ...t], ['bullmq', '@nestjs/*']),
    layer('type:util', ['type:util', ...t], ['bullmq']),
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:contracts', 'type:data-access', 'type:adapter', 'type:util', 'type:testing'] },
    ...Object.keys(technologies).map((tech) => ({ sourceTag: `tech:${tech}`, bannedExternalImports: bannedExcept(tech) })),
  ];
};
const boundaries = (forTests) => ['error', { allow: [], depConstraints: constraints(forTests) }];

const layer = (sourceTag, allowed, extraBans = []) => ({
  sourceTag,
  onlyDependOnLibsWithTags: allowed,
  bannedExternalImports: [...allTech, ...extraBans],
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.run/**', '.nx/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', '**/test-support/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: ['**/*.mjs', 'examples/**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' },
    },
  },
);
