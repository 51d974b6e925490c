import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createProcessedEventTable } from '../../common/processed-event.migration.js';

export class InitPackaging1767000000001 implements MigrationInterface {
  name = 'InitPackaging1767000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE package_task (
        id CHAR(36) NOT NULL PRIMARY KEY,
        app VARCHAR(63) NOT NULL,
        requested_version VARCHAR(100) NOT NULL,
        package_version VARCHAR(100) NULL,
        tags JSON NOT NULL,
        state VARCHAR(16) NOT NULL,
        message TEXT NULL,
        app_revision INT NULL,
        \`trigger\` VARCHAR(16) NOT NULL,
        ci_event_id VARCHAR(100) NULL,
        deploy_to JSON NULL,
        deploy_order_id VARCHAR(36) NULL,
        deploy_message TEXT NULL,
        version INT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        KEY idx_task_app (app, created_at)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE component_build (
        task_id CHAR(36) NOT NULL,
        name VARCHAR(63) NOT NULL,
        app VARCHAR(63) NOT NULL,
        type VARCHAR(63) NOT NULL,
        source JSON NOT NULL,
        options JSON NOT NULL,
        state VARCHAR(16) NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        inputs_hash CHAR(64) NULL,
        built_in_version VARCHAR(100) NULL,
        archive_key VARCHAR(500) NULL,
        sha256 CHAR(64) NULL,
        size BIGINT NULL,
        meta JSON NULL,
        message TEXT NULL,
        version INT NOT NULL,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (task_id, name),
        KEY idx_build_inputs (app, name, inputs_hash, state)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE build_log_line (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        task_id CHAR(36) NOT NULL,
        component VARCHAR(63) NOT NULL,
        line TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        KEY idx_log_build (task_id, component, id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE app_package (
        app VARCHAR(63) NOT NULL,
        version VARCHAR(100) NOT NULL,
        sort_key VARCHAR(120) NOT NULL,
        content_hash CHAR(64) NOT NULL,
        app_revision INT NULL,
        manifest_key VARCHAR(500) NOT NULL,
        manifest_sha256 CHAR(64) NOT NULL,
        components JSON NOT NULL,
        task_id CHAR(36) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (app, version),
        KEY idx_package_order (app, sort_key)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE package_tag (
        app VARCHAR(63) NOT NULL,
        tag VARCHAR(63) NOT NULL,
        version VARCHAR(100) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (app, tag),
        KEY idx_tag_version (app, version)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE ci_token (
        app VARCHAR(63) NOT NULL PRIMARY KEY,
        token_hash CHAR(64) NOT NULL,
        created_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE ci_event (
        event_id VARCHAR(100) NOT NULL PRIMARY KEY,
        app VARCHAR(63) NOT NULL,
        task_id CHAR(36) NOT NULL,
        created_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE ci_dead_letter (
        id CHAR(36) NOT NULL PRIMARY KEY,
        event_id VARCHAR(100) NULL,
        app VARCHAR(63) NULL,
        reason TEXT NOT NULL,
        errors JSON NOT NULL,
        payload MEDIUMTEXT NOT NULL,
        via VARCHAR(8) NOT NULL,
        received_at DATETIME(3) NOT NULL,
        KEY idx_dead_received (received_at)
      ) ENGINE=InnoDB`);
    await createProcessedEventTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_event', 'ci_dead_letter', 'ci_event', 'ci_token', 'package_tag', 'app_package', 'build_log_line', 'component_build', 'package_task']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
