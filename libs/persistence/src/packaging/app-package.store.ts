import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AppPackageEntity } from './app-package.entity.js';
import { PackageTagEntity } from './package-tag.entity.js';

export type NewAppPackage = Omit<AppPackageEntity, 'sortKey' | 'createdAt'>;

const pad = (n: string): string => n.padStart(10, '0');

/**
 * Orders semver as text: numbers zero-padded, a release after its prereleases, and
 * numeric prerelease identifiers padded too (`rc.9` before `rc.10`; digits sort before
 * letters, as semver ranks numeric identifiers below alphanumeric ones).
 */
export function versionSortKey(version: string): string {
  const [core = '', pre] = version.split('+')[0]!.split(/-(.*)/s);
  const [major = '0', minor = '0', patch = '0'] = core.split('.');
  const prerelease = pre?.split('.').map((id) => (/^\d+$/.test(id) ? pad(id) : id)).join('.');
  return `${pad(major)}.${pad(minor)}.${pad(patch)}.${prerelease ? `0${prerelease}` : '1'}`.slice(0, 120);
}

const isDuplicateKey = (error: unknown): boolean => /Duplicate entry|ER_DUP_ENTRY/i.test(String((error as { code?: string })?.code ?? error));

/** Immutable app packages and their movable tags. */
export class AppPackageStore {
  constructor(private readonly dataSource: DataSource) {}

  private get packages() {
    return this.dataSource.getRepository(AppPackageEntity);
  }

  private get tags() {
    return this.dataSource.getRepository(PackageTagEntity);
  }

  get(app: string, version: string): Promise<AppPackageEntity | null> {
    return this.packages.findOneBy({ app, version });
  }

  latest(app: string): Promise<AppPackageEntity | null> {
    return this.packages.findOne({ where: { app }, order: { sortKey: 'DESC' } });
  }

  /** Highest version first; with a tag, only the version it names. */
  async list(app: string, tag?: string): Promise<AppPackageEntity[]> {
    if (tag) {
      const found = await this.withTag(app, tag);
      return found ? [found] : [];
    }
    return this.packages.find({ where: { app }, order: { sortKey: 'DESC' }, take: 500 });
  }

  async withTag(app: string, tag: string): Promise<AppPackageEntity | null> {
    const row = await this.tags.findOneBy({ app, tag });
    return row ? this.get(app, row.version) : null;
  }

  /**
   * Inserts a package once. A version that exists already is never overwritten: the
   * caller gets the existing row and `created: false` and compares content itself.
   */
  async insert(pkg: NewAppPackage): Promise<{ row: AppPackageEntity; created: boolean }> {
    const row = { ...pkg, sortKey: versionSortKey(pkg.version), createdAt: new Date() };
    try {
      await this.packages.insert(row as QueryDeepPartialEntity<AppPackageEntity>);
      return { row, created: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.get(pkg.app, pkg.version);
      if (!existing) throw error;
      return { row: existing, created: false };
    }
  }

  /** Points the tag at this version (moving it from wherever it was). */
  async setTag(app: string, tag: string, version: string): Promise<void> {
    await this.tags.upsert({ app, tag, version, updatedAt: new Date() }, ['app', 'tag']);
  }

  /** Removes the tag only if it still names this version. */
  async deleteTag(app: string, tag: string, version: string): Promise<boolean> {
    const result = await this.tags.delete({ app, tag, version });
    return (result.affected ?? 0) > 0;
  }

  /** version → its tags, for one app. */
  async tagsByVersion(app: string): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const row of await this.tags.find({ where: { app }, order: { tag: 'ASC' } })) {
      out.set(row.version, [...(out.get(row.version) ?? []), row.tag]);
    }
    return out;
  }
}
