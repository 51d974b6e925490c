import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The DAG engine's columns. `active_target` is set only while an order runs and is
 * unique, so two orders for the same app + target can never run at once (the loser of
 * the race gets a duplicate-key error, answered as 409). Node rows record the launch
 * idempotency key before `launch` is called, the attrs it returned, the poll count (so a
 * duplicated poll chain dies out) and the deadline of the node's timeout.
 */
export class DeploymentEngine1767000000002 implements MigrationInterface {
  name = 'DeploymentEngine1767000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deploy_order
        ADD COLUMN active_target VARCHAR(255) NULL,
        ADD COLUMN rollback_of CHAR(36) NULL,
        ADD UNIQUE KEY uq_order_active_target (active_target)`);
    await queryRunner.query(`
      ALTER TABLE node_order
        ADD COLUMN plugin VARCHAR(255) NULL,
        ADD COLUMN launch_key VARCHAR(255) NULL,
        ADD COLUMN attrs JSON NULL,
        ADD COLUMN result JSON NULL,
        ADD COLUMN polls INT NOT NULL DEFAULT 0,
        ADD COLUMN deadline_at DATETIME(3) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE node_order DROP COLUMN plugin, DROP COLUMN launch_key, DROP COLUMN attrs, DROP COLUMN result, DROP COLUMN polls, DROP COLUMN deadline_at`);
    await queryRunner.query(`ALTER TABLE deploy_order DROP INDEX uq_order_active_target, DROP COLUMN active_target, DROP COLUMN rollback_of`);
  }
}
