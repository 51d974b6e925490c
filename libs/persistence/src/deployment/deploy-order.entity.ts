import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { OrderState } from '@appmanager/contracts';

/** A deploy order: one Application revision going to one target. MySQL is the truth. */
@Entity({ name: 'deploy_order' })
@Index('idx_order_app_state', ['app', 'state'])
@Index('idx_order_target', ['app', 'cluster', 'namespace', 'stage', 'state'])
export class DeployOrderEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 63 })
  cluster!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 63 })
  stage!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: OrderState;

  /** One sentence an operator can act on (which node failed and why). */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'json', nullable: true })
  parameters!: Record<string, unknown> | null;

  /** Exact plugin versions resolved at creation, so a retry runs the same code. */
  @Column({ type: 'json', name: 'plugin_versions', nullable: true })
  pluginVersions!: Record<string, string> | null;

  /** `app/cluster/namespace/stage` while the order runs, else null; unique, so one order per target runs at a time. */
  @Column({ type: 'varchar', length: 255, name: 'active_target', nullable: true })
  activeTarget!: string | null;

  /** The order this one rolled back (rollback deploys the previous succeeded revision). */
  /** The package this order deploys, when it was deployed from one. */
  @Column({ type: 'varchar', length: 64, name: 'package_version', nullable: true })
  packageVersion!: string | null;

  @Column({ type: 'char', length: 36, name: 'rollback_of', nullable: true })
  rollbackOf!: string | null;

  @VersionColumn()
  version!: number;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
