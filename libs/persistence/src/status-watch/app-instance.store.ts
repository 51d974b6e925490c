import { In, LessThanOrEqual, Not, type DataSource } from 'typeorm';
import { AppInstanceEntity } from './app-instance.entity.js';

export interface AppInstanceFilter {
  app?: string;
  stage?: string;
  health?: string;
  limit: number;
  /** The last id seen. */
  after?: string;
}

/** App instances: health folded from components, written by compare-and-set on the previous health. */
export class AppInstanceStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AppInstanceEntity);
  }

  get(id: string): Promise<AppInstanceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<AppInstanceEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.findBy({ id: In(ids) });
  }

  /**
   * App instances without components since `cutoff` or earlier that are not yet marked
   * deleted, oldest first: one range read of `idx_app_instance_empty_since`.
   */
  async findEmptySince(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.repo.find({
      select: { id: true },
      where: { emptySince: LessThanOrEqual(cutoff), health: Not('deleted') },
      order: { emptySince: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  async list(filter: AppInstanceFilter): Promise<AppInstanceEntity[]> {
    const qb = this.repo.createQueryBuilder('a').orderBy('a.id', 'ASC').limit(filter.limit);
    if (filter.app) qb.andWhere('a.app = :app', { app: filter.app });
    if (filter.stage) qb.andWhere('a.stage = :stage', { stage: filter.stage });
    if (filter.health) qb.andWhere('a.health = :health', { health: filter.health });
    if (filter.after) qb.andWhere('a.id > :after', { after: filter.after });
    return qb.getMany();
  }

  async changeHealth(id: string, expectedHealth: string, next: { health: string; message: string | null }, now = new Date()): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(AppInstanceEntity)
      .set({ health: next.health, message: next.message, healthChangedAt: now, updatedAt: now })
      .where('id = :id AND health = :expectedHealth', { id, expectedHealth })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Refreshes the folded message and component count without a health change. */
  async touch(id: string, next: { message: string | null; componentCount: number; emptySince: Date | null }, now = new Date()): Promise<void> {
    await this.repo.update({ id }, { message: next.message, componentCount: next.componentCount, emptySince: next.emptySince, updatedAt: now });
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
