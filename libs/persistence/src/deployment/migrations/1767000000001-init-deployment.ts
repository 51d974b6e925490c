import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createProcessedEventTable } from '../../common/processed-event.migration.js';

export class InitDeployment1767000000001 implements MigrationInterface {
  name = 'InitDeployment1767000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_revision (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        app VARCHAR(63) NOT NULL,
        revision INT NOT NULL,
        content_hash CHAR(64) NOT NULL,
        author VARCHAR(200) NOT NULL,
        component_count INT NOT NULL,
        document JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_app_revision (app, revision)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE deploy_order (
        id CHAR(36) NOT NULL PRIMARY KEY,
        app VARCHAR(63) NOT NULL,
        revision INT NOT NULL,
        cluster VARCHAR(63) NOT NULL,
        namespace VARCHAR(63) NOT NULL,
        stage VARCHAR(63) NOT NULL,
        state VARCHAR(16) NOT NULL,
        summary TEXT NULL,
        parameters JSON NULL,
        plugin_versions JSON NULL,
        version INT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        KEY idx_order_app_state (app, state),
        KEY idx_order_target (app, cluster, namespace, stage, state),
        KEY idx_order_created (created_at)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE node_order (
        order_id CHAR(36) NOT NULL,
        node_id VARCHAR(191) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        component VARCHAR(63) NOT NULL,
        type VARCHAR(191) NOT NULL,
        state VARCHAR(16) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        depends_on JSON NOT NULL,
        spec JSON NULL,
        outputs JSON NULL,
        message TEXT NULL,
        error TEXT NULL,
        version INT NOT NULL,
        queued_at DATETIME(3) NULL,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (order_id, node_id),
        KEY idx_node_state (order_id, state)
      ) ENGINE=InnoDB`);
    await createProcessedEventTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_event', 'node_order', 'deploy_order', 'app_revision']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
