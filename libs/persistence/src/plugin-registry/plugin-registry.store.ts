import type { DataSource, FindOptionsSelect } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { PluginDefinitionEntity } from './plugin-definition.entity.js';
import { PluginVersionEntity } from './plugin-version.entity.js';

export type NewPluginVersion = Omit<PluginVersionEntity, 'createdAt'>;
/** A version row without its (large) code and source map. */
export type PluginVersionSummary = Omit<PluginVersionEntity, 'code' | 'sourceMap'>;

const summaryColumns: FindOptionsSelect<PluginVersionEntity> = {
  kind: true,
  name: true,
  version: true,
  contentHash: true,
  manifest: true,
  methods: true,
  packageKey: true,
  packageSha256: true,
  packageSize: true,
  createdAt: true,
};

const isDuplicateKey = (error: unknown): boolean => /Duplicate entry|ER_DUP_ENTRY/i.test(String((error as { code?: string })?.code ?? error));

/**
 * Plugin definitions and their immutable versions. A version row is written once and
 * never changed; the definition's active version moves by compare-and-set on its
 * `version` column, so two concurrent activations cannot both win from the same state.
 */
export class PluginRegistryStore {
  constructor(private readonly dataSource: DataSource) {}

  private get definitions() {
    return this.dataSource.getRepository(PluginDefinitionEntity);
  }

  private get versions() {
    return this.dataSource.getRepository(PluginVersionEntity);
  }

  findDefinition(kind: string, name: string): Promise<PluginDefinitionEntity | null> {
    return this.definitions.findOneBy({ kind, name });
  }

  listDefinitions(kind?: string): Promise<PluginDefinitionEntity[]> {
    return this.definitions.find({ where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
  }

  /** The full row, code included (resolve). */
  findVersion(kind: string, name: string, version: string): Promise<PluginVersionEntity | null> {
    return this.versions.findOneBy({ kind, name, version });
  }

  findVersionSummary(kind: string, name: string, version: string): Promise<PluginVersionSummary | null> {
    return this.versions.findOne({ where: { kind, name, version }, select: summaryColumns });
  }

  listVersions(kind: string, name: string): Promise<PluginVersionSummary[]> {
    return this.versions.find({ where: { kind, name }, select: summaryColumns });
  }

  /** (kind, name, version) of every version, optionally of one kind: the list view. */
  async listVersionKeys(kind?: string): Promise<Array<{ kind: string; name: string; version: string }>> {
    return this.versions.find({ where: kind ? { kind } : {}, select: { kind: true, name: true, version: true } });
  }

  /**
   * Inserts a version (and its definition, inactive, if this is the first version). When
   * the version already exists nothing is written and the stored row is returned, so the
   * caller decides between "same content, idempotent" and "different content, conflict".
   */
  async addVersion(input: NewPluginVersion): Promise<{ created: boolean; stored: PluginVersionSummary }> {
    const now = new Date();
    try {
      await this.dataSource.transaction(async (em) => {
        await em
          .createQueryBuilder()
          .insert()
          .into(PluginDefinitionEntity)
          .values({ kind: input.kind, name: input.name, activeVersion: null, version: 1, createdAt: now, updatedAt: now })
          .orIgnore()
          .execute();
        // JSON columns hold plain objects; TypeORM's deep-partial type cannot express `unknown` values.
        await em.insert(PluginVersionEntity, { ...input, createdAt: now } as QueryDeepPartialEntity<PluginVersionEntity>);
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.findVersionSummary(input.kind, input.name, input.version);
      if (!stored) throw error;
      return { created: false, stored };
    }
    const stored = await this.findVersionSummary(input.kind, input.name, input.version);
    if (!stored) throw new Error(`plugin version ${input.kind}/${input.name}@${input.version} vanished after insert`);
    return { created: true, stored };
  }

  /**
   * Sets the active version if the definition is still at `expectedRowVersion`. Returns
   * the new row version, or undefined when another writer got there first.
   */
  async setActive(kind: string, name: string, activeVersion: string, expectedRowVersion: number): Promise<number | undefined> {
    const result = await this.definitions
      .createQueryBuilder()
      .update(PluginDefinitionEntity)
      .set({ activeVersion, updatedAt: new Date(), version: () => 'version + 1' })
      .where('kind = :kind AND name = :name AND version = :expected', { kind, name, expected: expectedRowVersion })
      .execute();
    return (result.affected ?? 0) === 1 ? expectedRowVersion + 1 : undefined;
  }
}
