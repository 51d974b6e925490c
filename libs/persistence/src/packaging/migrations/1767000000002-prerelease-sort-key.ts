import type { MigrationInterface, QueryRunner } from 'typeorm';
import { versionSortKey } from '../app-package.store.js';

/**
 * Recomputes the sort key of prerelease versions: numeric prerelease identifiers were
 * compared as text (`rc.10` before `rc.9`). Releases keep their keys; only rows with a
 * `-` in the version can change.
 */
export class PrereleaseSortKey1767000000002 implements MigrationInterface {
  name = 'PrereleaseSortKey1767000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query(`SELECT app, version FROM app_package WHERE version LIKE '%-%'`)) as Array<{ app: string; version: string }>;
    for (const row of rows) {
      await queryRunner.query('UPDATE app_package SET sort_key = ? WHERE app = ? AND version = ?', [versionSortKey(row.version), row.app, row.version]);
    }
  }

  async down(): Promise<void> {
    // The old keys ordered some prereleases wrongly; nothing worth restoring.
  }
}
