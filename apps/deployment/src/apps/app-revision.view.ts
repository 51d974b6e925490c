import type { AppRevisionDto } from '@appmanager/contracts';
import type { AppRevisionEntity } from '@appmanager/persistence';

export const toAppRevisionDto = (row: AppRevisionEntity, withDocument = true): AppRevisionDto => ({
  app: row.app,
  revision: row.revision,
  contentHash: row.contentHash,
  author: row.author,
  createdAt: row.createdAt.toISOString(),
  componentCount: row.componentCount,
  ...(withDocument ? { application: row.document } : {}),
});
