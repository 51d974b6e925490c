// Runs one tier of the suite with Node's own test runner on the compiled output.
//   unit: *.spec.js       pure logic, no servers
//   int:  *.int-spec.js   against the real MariaDB, Redis, NATS and s3rver on loopback
//   e2e:  *.e2e-spec.js   every service as its own process, driven over HTTP
// Each test file isolates itself (own database names, Redis prefix, NATS prefix), so
// files may run in parallel.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const tiers = {
  unit: { pattern: '**/dist/**/*.spec.js', concurrency: 2, timeoutMs: 60_000 },
  int: { pattern: '**/dist/**/*.int-spec.js', concurrency: 2, timeoutMs: 180_000 },
  e2e: { pattern: '**/dist/**/*.e2e-spec.js', concurrency: 1, timeoutMs: 600_000 },
};

const tier = tiers[process.argv[2] ?? ''];
if (!tier) {
  console.error(`usage: run-tests.mjs ${Object.keys(tiers).join('|')} [filter]`);
  process.exit(2);
}
const filter = process.argv[3];
const files = globSync(tier.pattern, { exclude: (p) => p.includes('node_modules') })
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no ${process.argv[2]} test files found (did the build run?)`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    // isolated-vm needs it on Node 20+; test files run plugins in isolates.
    '--no-node-snapshot',
    '--test',
    `--test-concurrency=${tier.concurrency}`,
    `--test-timeout=${tier.timeoutMs}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
