import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The hashed CI token of an app (one per app; creating a new one rotates it). */
@Entity({ name: 'ci_token' })
export class CiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'char', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}

/** A CI event that was accepted: the eventId → task mapping makes repeats no-ops. */
@Entity({ name: 'ci_event' })
export class CiEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'char', length: 36, name: 'task_id' })
  taskId!: string;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}

/** A CI event that could not be processed, kept with the reason (never silently dropped). */
@Entity({ name: 'ci_dead_letter' })
export class CiDeadLetterEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100, nullable: true, name: 'event_id' })
  eventId!: string | null;

  @Column({ type: 'varchar', length: 63, nullable: true })
  app!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'json' })
  errors!: Array<{ path: string; message: string }>;

  @Column({ type: 'mediumtext' })
  payload!: string;

  @Column({ type: 'varchar', length: 8 })
  via!: string;

  @Column({ type: 'datetime', precision: 3, name: 'received_at' })
  receivedAt!: Date;
}
