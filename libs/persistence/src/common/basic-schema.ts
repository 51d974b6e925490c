import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ProcessedEventEntity } from './processed-event.entity.js';
import { createProcessedEventTable } from './processed-event.migration.js';
import type { ServiceSchema } from '../data-source/create-service-data-source.js';

/**
 * The schema of a service whose own tables arrive in a later issue: it still owns its
 * database (created on first start) with the shared processed_event table.
 */
export function basicServiceSchema(service: string): ServiceSchema {
  const migrationName = `Init${service.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}1767000000000`;
  const migration = class implements MigrationInterface {
    name = migrationName;
    async up(queryRunner: QueryRunner): Promise<void> {
      await createProcessedEventTable(queryRunner);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('DROP TABLE processed_event');
    }
  };
  Object.defineProperty(migration, 'name', { value: migrationName });
  return { service, entities: [ProcessedEventEntity], migrations: [migration] };
}
