import type { DataSource } from 'typeorm';
import { HealthChangeEntity } from './health-change.entity.js';

export type NewHealthChange = Omit<HealthChangeEntity, 'id'>;

/** The append-only history of health changes, read newest first per app instance. */
export class HealthHistoryStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(HealthChangeEntity);
  }

  async append(changes: NewHealthChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.repo.insert(changes);
  }

  list(appInstanceId: string, limit: number): Promise<HealthChangeEntity[]> {
    return this.repo.find({ where: { appInstanceId }, order: { id: 'DESC' }, take: limit });
  }

  async deleteByApp(appInstanceId: string): Promise<void> {
    await this.repo.delete({ appInstanceId });
  }
}
