import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders deployed from a package remember its version (`${{ context.packageVersion }}`, rollbacks). */
export class OrderPackageVersion1767000000003 implements MigrationInterface {
  name = 'OrderPackageVersion1767000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deploy_order ADD COLUMN package_version VARCHAR(64) NULL AFTER revision');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deploy_order DROP COLUMN package_version');
  }
}
