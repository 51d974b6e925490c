import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One immutable plugin version: its manifest, the compiled bundle (MEDIUMTEXT: a bundle
 * is small and is read on every resolve, so it lives with its row rather than behind a
 * second system) and where the original package archive is kept in object storage.
 */
@Entity({ name: 'plugin_version' })
export class PluginVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  name!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'char', length: 64, name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'json' })
  manifest!: Record<string, unknown>;

  /** Callable method paths the compiled code exports (`launch`, `watch.toHealth`, …). */
  @Column({ type: 'json' })
  methods!: string[];

  @Column({ type: 'mediumtext' })
  code!: string;

  @Column({ type: 'mediumtext', name: 'source_map' })
  sourceMap!: string;

  @Column({ type: 'varchar', length: 500, name: 'package_key' })
  packageKey!: string;

  @Column({ type: 'char', length: 64, name: 'package_sha256' })
  packageSha256!: string;

  @Column({ type: 'int', name: 'package_size' })
  packageSize!: number;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
