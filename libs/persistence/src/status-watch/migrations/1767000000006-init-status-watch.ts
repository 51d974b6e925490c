import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createProcessedEventTable } from '../../common/processed-event.migration.js';

export class InitStatusWatch1767000000006 implements MigrationInterface {
  name = 'InitStatusWatch1767000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_instance (
        id CHAR(36) NOT NULL PRIMARY KEY,
        app VARCHAR(63) NOT NULL,
        cluster VARCHAR(63) NOT NULL,
        namespace VARCHAR(63) NOT NULL,
        stage VARCHAR(63) NOT NULL,
        revision INT NOT NULL,
        health VARCHAR(16) NOT NULL,
        message TEXT NULL,
        component_count INT NOT NULL DEFAULT 0,
        empty_since DATETIME(3) NULL,
        health_changed_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_app_instance (app, cluster, namespace, stage),
        KEY idx_app_instance_health (health),
        KEY idx_app_instance_stage (stage)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE component_instance (
        id CHAR(36) NOT NULL PRIMARY KEY,
        app_instance_id CHAR(36) NOT NULL,
        app VARCHAR(63) NOT NULL,
        cluster VARCHAR(63) NOT NULL,
        namespace VARCHAR(63) NOT NULL,
        stage VARCHAR(63) NOT NULL,
        component VARCHAR(63) NOT NULL,
        plugin_name VARCHAR(63) NOT NULL,
        plugin_version VARCHAR(64) NOT NULL,
        revision INT NOT NULL,
        order_id VARCHAR(64) NOT NULL,
        outputs JSON NOT NULL,
        watchable BOOLEAN NOT NULL,
        health VARCHAR(16) NOT NULL,
        message TEXT NULL,
        mode VARCHAR(8) NOT NULL,
        checks INT NOT NULL DEFAULT 0,
        last_check_at DATETIME(3) NULL,
        health_changed_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_component_instance (app, cluster, namespace, stage, component),
        KEY idx_component_app_instance (app_instance_id),
        KEY idx_component_cluster_mode (cluster, watchable, mode)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE health_change (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        app_instance_id CHAR(36) NOT NULL,
        instance_id CHAR(36) NOT NULL,
        scope VARCHAR(16) NOT NULL,
        component VARCHAR(63) NULL,
        health VARCHAR(16) NOT NULL,
        previous_health VARCHAR(16) NULL,
        message TEXT NULL,
        at DATETIME(3) NOT NULL,
        KEY idx_health_change_app (app_instance_id, id)
      ) ENGINE=InnoDB`);
    await createProcessedEventTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_event', 'health_change', 'component_instance', 'app_instance']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
