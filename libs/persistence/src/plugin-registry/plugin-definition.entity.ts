import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One plugin (kind, name) and which of its versions is active. `version` is the optimistic lock. */
@Entity({ name: 'plugin_definition' })
export class PluginDefinitionEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'varchar', length: 64, name: 'active_version', nullable: true })
  activeVersion!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
