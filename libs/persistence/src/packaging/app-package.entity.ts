import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An immutable app package: (app, version) is written once, with its manifest. */
@Entity({ name: 'app_package' })
export class AppPackageEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  app!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  version!: string;

  /** Zero-padded major.minor.patch (+ prerelease marker) so SQL orders versions as semver does. */
  @Column({ type: 'varchar', length: 120, name: 'sort_key' })
  sortKey!: string;

  /** sha256 over the component archives' hashes and names: same content, same hash. */
  @Column({ type: 'char', length: 64, name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'int', nullable: true, name: 'app_revision' })
  appRevision!: number | null;

  @Column({ type: 'varchar', length: 500, name: 'manifest_key' })
  manifestKey!: string;

  @Column({ type: 'char', length: 64, name: 'manifest_sha256' })
  manifestSha256!: string;

  /** The manifest's components, with the object key of each archive. */
  @Column({ type: 'json' })
  components!: Array<Record<string, unknown>>;

  @Column({ type: 'char', length: 36, nullable: true, name: 'task_id' })
  taskId!: string | null;

  @Column({ type: 'datetime', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
