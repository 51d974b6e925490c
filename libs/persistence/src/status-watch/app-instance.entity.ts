import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An app at (app, cluster, namespace, stage): its health folds its components'. */
@Entity({ name: 'app_instance' })
@Index('uq_app_instance', ['app', 'cluster', 'namespace', 'stage'], { unique: true })
export class AppInstanceEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'varchar', length: 63 })
  cluster!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 63 })
  stage!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 16 })
  health!: string;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'int', name: 'component_count' })
  componentCount!: number;

  /** Since when the app has had no component instances (after 30 minutes it counts as deleted). */
  @Column({ type: 'datetime', precision: 3, name: 'empty_since', nullable: true })
  emptySince!: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'health_changed_at' })
  healthChangedAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
