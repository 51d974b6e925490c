import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One deployed component at (app, cluster, namespace, stage, component) and its health. */
@Entity({ name: 'component_instance' })
@Index('uq_component_instance', ['app', 'cluster', 'namespace', 'stage', 'component'], { unique: true })
export class ComponentInstanceEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'char', length: 36, name: 'app_instance_id' })
  appInstanceId!: string;

  @Column({ type: 'varchar', length: 63 })
  app!: string;

  @Column({ type: 'varchar', length: 63 })
  cluster!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 63 })
  stage!: string;

  @Column({ type: 'varchar', length: 63 })
  component!: string;

  @Column({ type: 'varchar', length: 63, name: 'plugin_name' })
  pluginName!: string;

  @Column({ type: 'varchar', length: 64, name: 'plugin_version' })
  pluginVersion!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 64, name: 'order_id' })
  orderId!: string;

  @Column({ type: 'json' })
  outputs!: Record<string, unknown>;

  /** What the plugin's `launch` returned; its `health` and `destroy` get it back as `attrs`. */
  @Column({ type: 'json', name: 'launch_attrs', nullable: true })
  launchAttrs!: Record<string, unknown> | null;

  /** The plugin declares `watch`: this instance may follow a stream instead of being pulled. */
  @Column({ type: 'boolean' })
  watchable!: boolean;

  @Column({ type: 'varchar', length: 16 })
  health!: string;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'varchar', length: 8 })
  mode!: string;

  /** Pull checks since the last deploy or the last change into an unstable state (picks the tier). */
  @Column({ type: 'int' })
  checks!: number;

  @Column({ type: 'datetime', precision: 3, name: 'last_check_at', nullable: true })
  lastCheckAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'health_changed_at' })
  healthChangedAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
