import type { AppPackageDto } from '@appmanager/contracts';
import type { AppPackageEntity } from '@appmanager/persistence';

/** One component as kept in app_package.components: the manifest entry plus its object key. */
export interface StoredComponent {
  name: string;
  type: string;
  version: string;
  sha256: string;
  size: number;
  path: string;
  meta: Record<string, unknown>;
  source: AppPackageDto['components'][number]['source'];
  options: Record<string, unknown>;
  archiveKey: string;
}

export const storedComponents = (row: AppPackageEntity): StoredComponent[] => row.components as unknown as StoredComponent[];

export function packageView(row: AppPackageEntity, tags: string[]): AppPackageDto {
  return {
    app: row.app,
    version: row.version,
    appRevision: row.appRevision,
    tags,
    createdAt: new Date(row.createdAt).toISOString(),
    taskId: row.taskId,
    manifestSha256: row.manifestSha256,
    components: storedComponents(row).map(({ archiveKey: _key, ...component }) => component),
  };
}

/** The manifest stored next to the archives and put first in an exported package file. */
export function packageManifest(row: Pick<AppPackageEntity, 'app' | 'version' | 'appRevision'>, components: StoredComponent[], tags: string[]) {
  return {
    kind: 'AppPackage',
    apiVersion: 'appmanager.dev/v1',
    app: row.app,
    version: row.version,
    appRevision: row.appRevision,
    tags,
    components: components.map(({ archiveKey: _key, ...component }) => component),
  };
}
