import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs after the shell's first migration (which created processed_event), so existing databases upgrade in place. */
export class InitPluginRegistry1767000000002 implements MigrationInterface {
  name = 'InitPluginRegistry1767000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE plugin_definition (
        kind VARCHAR(16) NOT NULL,
        name VARCHAR(63) NOT NULL,
        active_version VARCHAR(64) NULL,
        version INT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (kind, name)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE plugin_version (
        kind VARCHAR(16) NOT NULL,
        name VARCHAR(63) NOT NULL,
        version VARCHAR(64) NOT NULL,
        content_hash CHAR(64) NOT NULL,
        manifest JSON NOT NULL,
        methods JSON NOT NULL,
        code MEDIUMTEXT NOT NULL,
        source_map MEDIUMTEXT NOT NULL,
        package_key VARCHAR(500) NOT NULL,
        package_sha256 CHAR(64) NOT NULL,
        package_size INT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (kind, name, version)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['plugin_version', 'plugin_definition']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
