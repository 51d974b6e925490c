import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `launch_attrs`: what the component plugin's `launch` returned, handed back to its
 * `health`/`destroy` as `attrs` (NULL or `{}` for instances deployed before the event
 * carried it: those fall back to their outputs). `idx_app_instance_empty_since`: the periodic "empty for 30 minutes →
 * deleted" sweep reads a range of this index instead of scanning every app instance.
 */
export class StatusWatchLaunchAttrs1767000000016 implements MigrationInterface {
  name = 'StatusWatchLaunchAttrs1767000000016';

  async up(queryRunner: QueryRunner): Promise<void> {
    // NULL: the deploy did not say (instances from before, rows written by other tools).
    await queryRunner.query('ALTER TABLE component_instance ADD COLUMN launch_attrs JSON NULL AFTER outputs');
    await queryRunner.query('ALTER TABLE app_instance ADD KEY idx_app_instance_empty_since (empty_since)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE app_instance DROP KEY idx_app_instance_empty_since');
    await queryRunner.query('ALTER TABLE component_instance DROP COLUMN launch_attrs');
  }
}
