import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tag names one version of an app at a time; setting it elsewhere moves it. */
@Entity({ name: 'package_tag' })
export class PackageTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  app!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  tag!: string;

  @Column({ type: 'varchar', length: 100 })
  version!: string;

  @Column({ type: 'datetime', precision: 3, name: 'updated_at' })
  updatedAt!: Date;
}
