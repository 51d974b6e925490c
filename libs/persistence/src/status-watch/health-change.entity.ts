import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One health change of a component or app instance (append-only history). */
@Entity({ name: 'health_change' })
@Index('idx_health_change_app', ['appInstanceId', 'id'])
export class HealthChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 36, name: 'app_instance_id' })
  appInstanceId!: string;

  @Column({ type: 'char', length: 36, name: 'instance_id' })
  instanceId!: string;

  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  @Column({ type: 'varchar', length: 63, nullable: true })
  component!: string | null;

  @Column({ type: 'varchar', length: 16 })
  health!: string;

  @Column({ type: 'varchar', length: 16, name: 'previous_health', nullable: true })
  previousHealth!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
