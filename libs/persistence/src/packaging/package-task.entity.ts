import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One request to package an app: its component builds are rows of component_build. */
@Entity({ name: 'package_task' })
export class PackageTaskEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  /** `auto` or a semver. */
  @Column({ type: 'varchar', length: 100, name: 'requested_version' })
  requestedVersion!: string;

  /** The version given at assembly. */
  @Column({ type: 'varchar', length: 100, nullable: true, name: 'package_version' })
  packageVersion!: string | null;

  @Column({ type: 'json' })
  tags!: string[];

  /** running | succeeded | failed */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'int', nullable: true, name: 'app_revision' })
  appRevision!: number | null;

  /** api | ci | import */
  @Column({ type: 'varchar', length: 16 })
  trigger!: string;

  @Column({ type: 'varchar', length: 100, nullable: true, name: 'ci_event_id' })
  ciEventId!: string | null;

  @Column({ type: 'json', nullable: true, name: 'deploy_to' })
  deployTo!: { cluster: string; namespace: string; stage: string } | null;

  @Column({ type: 'varchar', length: 36, nullable: true, name: 'deploy_order_id' })
  deployOrderId!: string | null;

  @Column({ type: 'text', nullable: true, name: 'deploy_message' })
  deployMessage!: string | null;

  /** Optimistic lock for state changes. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true, name: 'finished_at' })
  finishedAt!: Date | null;
}
