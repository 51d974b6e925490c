import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a component build's log; appended while the build runs, read by the API. */
@Entity({ name: 'build_log_line' })
export class BuildLogLineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 36, name: 'task_id' })
  taskId!: string;

  @Column({ type: 'varchar', length: 63 })
  component!: string;

  @Column({ type: 'text' })
  line!: string;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
