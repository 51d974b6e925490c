import type { DataSource } from 'typeorm';
import { AppRevisionEntity } from './app-revision.entity.js';

export interface NewAppRevision {
  app: string;
  contentHash: string;
  author: string;
  componentCount: number;
  document: Record<string, unknown>;
}

/** App revisions are immutable; the same content twice does not add a revision. */
export class AppRevisionStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AppRevisionEntity);
  }

  latest(app: string): Promise<AppRevisionEntity | null> {
    return this.repo.findOne({ where: { app }, order: { revision: 'DESC' } });
  }

  get(app: string, revision: number): Promise<AppRevisionEntity | null> {
    return this.repo.findOneBy({ app, revision });
  }

  /**
   * Appends a revision unless the latest one has the same content. Two writers racing
   * on the same app both compute revision N+1; the unique key lets one win and the
   * other retries on top of it, so no revision is lost or duplicated.
   */
  async append(input: NewAppRevision): Promise<{ revision: AppRevisionEntity; created: boolean }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.latest(input.app);
      if (latest && latest.contentHash === input.contentHash) return { revision: latest, created: false };
      const row = this.repo.create({ ...input, revision: (latest?.revision ?? 0) + 1, createdAt: new Date() });
      try {
        return { revision: await this.repo.save(row), created: true };
      } catch (error) {
        if (!/Duplicate entry/i.test(String(error))) throw error;
      }
    }
    throw new Error(`could not append a revision of ${input.app}: too many concurrent writers`);
  }

  /** Apps with their latest revision, ordered by name; cursor = last app name seen. */
  async listApps(limit: number, after?: string): Promise<Array<{ app: string; latestRevision: number; updatedAt: Date }>> {
    const qb = this.repo
      .createQueryBuilder('r')
      .select('r.app', 'app')
      .addSelect('MAX(r.revision)', 'latestRevision')
      .addSelect('MAX(r.created_at)', 'updatedAt')
      .groupBy('r.app')
      .orderBy('r.app', 'ASC')
      .limit(limit);
    if (after) qb.where('r.app > :after', { after });
    const rows = await qb.getRawMany<{ app: string; latestRevision: string | number; updatedAt: Date | string }>();
    return rows.map((r) => ({ app: r.app, latestRevision: Number(r.latestRevision), updatedAt: new Date(r.updatedAt) }));
  }

  /** Newest first; cursor = the last revision number seen. */
  list(app: string, limit: number, beforeRevision?: number): Promise<AppRevisionEntity[]> {
    const qb = this.repo.createQueryBuilder('r').where('r.app = :app', { app }).orderBy('r.revision', 'DESC').limit(limit);
    if (beforeRevision) qb.andWhere('r.revision < :before', { before: beforeRevision });
    return qb.getMany();
  }
}
