import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An immutable revision of an Application: the next PUT with other content adds a row. */
@Entity({ name: 'app_revision' })
@Index('uq_app_revision', ['app', 'revision'], { unique: true })
export class AppRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'char', length: 64, name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'varchar', length: 200 })
  author!: string;

  @Column({ type: 'int', name: 'component_count' })
  componentCount!: number;

  /** The parsed Application (JSON). */
  @Column({ type: 'json' })
  document!: Record<string, unknown>;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
