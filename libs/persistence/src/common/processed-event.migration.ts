import type { QueryRunner } from 'typeorm';

/** The processed_event table every service schema has; called from each schema's first migration. */
export async function createProcessedEventTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE processed_event (
      consumer VARCHAR(100) NOT NULL,
      event_id VARCHAR(100) NOT NULL,
      processed_at DATETIME(3) NOT NULL,
      PRIMARY KEY (consumer, event_id),
      KEY idx_processed_at (processed_at)
    ) ENGINE=InnoDB`);
}
