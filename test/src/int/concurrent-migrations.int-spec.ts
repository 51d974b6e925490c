import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { connectServiceDatabase, deploymentSchema, migrateServiceDatabase } from '@appmanager/persistence';
import { createTestRun } from '@appmanager/testing';

describe('first start of processes that share a schema', () => {
  const run = createTestRun('mig');
  after(() => run.cleanup());

  it('migrates once when a service and its workers start at the same moment', async () => {
    const config = loadConfig(infraEnvSchema, { ...process.env, ...run.env });
    const processes = await Promise.all([1, 2, 3].map(() => connectServiceDatabase(config, deploymentSchema)));
    try {
      await Promise.all(processes.map((db) => migrateServiceDatabase(db)));
      const rows = (await processes[0]!.query('SELECT name, COUNT(*) AS n FROM schema_migrations GROUP BY name')) as Array<{ name: string; n: number | string }>;
      assert.equal(rows.length, (deploymentSchema.migrations as unknown[]).length, 'every migration recorded');
      for (const row of rows) assert.equal(Number(row.n), 1, `${row.name} ran once`);
      const [table] = (await processes[0]!.query("SHOW TABLES LIKE 'node_order'")) as unknown[];
      assert.ok(table, 'the schema exists');
    } finally {
      await Promise.all(processes.map((db) => db.destroy()));
    }
  });
});
