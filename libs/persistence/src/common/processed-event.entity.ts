import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Event ids a durable consumer has handled (at-least-once delivery made idempotent). */
@Entity({ name: 'processed_event' })
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer!: string;

  @PrimaryColumn({ type: 'varchar', length: 100, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'datetime', precision: 3, name: 'processed_at' })
  processedAt!: Date;
}
