import type { DataSource } from 'typeorm';
import { ProcessedEventEntity } from './processed-event.entity.js';

/** MySQL-backed memory of handled event ids, one table per service schema. */
export class ProcessedEventsStore {
  constructor(private readonly dataSource: DataSource) {}

  async has(consumer: string, eventId: string): Promise<boolean> {
    return this.dataSource.getRepository(ProcessedEventEntity).existsBy({ consumer, eventId });
  }

  async mark(consumer: string, eventId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ProcessedEventEntity)
      .values({ consumer, eventId, processedAt: new Date() })
      .orIgnore()
      .execute();
  }
}
