import type { DataSource } from 'typeorm';
import { CiDeadLetterEntity, CiEventEntity, CiTokenEntity } from './ci.entities.js';

const isDuplicateKey = (error: unknown): boolean => /Duplicate entry|ER_DUP_ENTRY/i.test(String((error as { code?: string })?.code ?? error));

/** CI tokens (hashed), accepted CI event ids and dead letters. */
export class CiStore {
  constructor(private readonly dataSource: DataSource) {}

  async setToken(app: string, tokenHash: string): Promise<CiTokenEntity> {
    const row = { app, tokenHash, createdAt: new Date() };
    await this.dataSource.getRepository(CiTokenEntity).upsert(row, ['app']);
    return row;
  }

  findTokenByHash(tokenHash: string): Promise<CiTokenEntity | null> {
    return this.dataSource.getRepository(CiTokenEntity).findOneBy({ tokenHash });
  }

  findEvent(eventId: string): Promise<CiEventEntity | null> {
    return this.dataSource.getRepository(CiEventEntity).findOneBy({ eventId });
  }

  /** Records an accepted event; false when the id was recorded already (a repeat). */
  async recordEvent(row: Omit<CiEventEntity, 'createdAt'>): Promise<boolean> {
    try {
      await this.dataSource.getRepository(CiEventEntity).insert({ ...row, createdAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async addDeadLetter(row: CiDeadLetterEntity): Promise<void> {
    await this.dataSource.getRepository(CiDeadLetterEntity).insert(row);
  }

  listDeadLetters(limit: number, app?: string): Promise<CiDeadLetterEntity[]> {
    return this.dataSource.getRepository(CiDeadLetterEntity).find({ where: app ? { app } : {}, order: { receivedAt: 'DESC' }, take: limit });
  }
}
