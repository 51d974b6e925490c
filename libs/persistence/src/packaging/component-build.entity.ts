import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One component of a package task: its inputs and, once built (or reused), its archive. */
@Entity({ name: 'component_build' })
export class ComponentBuildEntity {
  @PrimaryColumn({ type: 'char', length: 36, name: 'task_id' })
  taskId!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'varchar', length: 63, name: 'app' })
  app!: string;

  @Column({ type: 'varchar', length: 63 })
  type!: string;

  @Column({ type: 'json' })
  source!: Record<string, unknown>;

  @Column({ type: 'json' })
  options!: Record<string, unknown>;

  /** queued | building | succeeded | reused | failed */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: 'int' })
  attempts!: number;

  /** sha256 of what determines the archive (type, plugin version, options, source fingerprint). */
  @Column({ type: 'char', length: 64, nullable: true, name: 'inputs_hash' })
  inputsHash!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true, name: 'built_in_version' })
  builtInVersion!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true, name: 'archive_key' })
  archiveKey!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  size!: number | null;

  @Column({ type: 'json', nullable: true })
  meta!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true, name: 'started_at' })
  startedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true, name: 'finished_at' })
  finishedAt!: Date | null;
}
