import type { ServiceSchema } from '../data-source/create-service-data-source.js';
import { ProcessedEventEntity } from '../common/processed-event.entity.js';
import { AppPackageEntity } from './app-package.entity.js';
import { BuildLogLineEntity } from './build-log-line.entity.js';
import { CiDeadLetterEntity, CiEventEntity, CiTokenEntity } from './ci.entities.js';
import { ComponentBuildEntity } from './component-build.entity.js';
import { PackageTagEntity } from './package-tag.entity.js';
import { PackageTaskEntity } from './package-task.entity.js';
import { InitPackaging1767000000001 } from './migrations/1767000000001-init-packaging.js';
import { PrereleaseSortKey1767000000002 } from './migrations/1767000000002-prerelease-sort-key.js';

export const packagingSchema: ServiceSchema = {
  service: 'packaging',
  entities: [PackageTaskEntity, ComponentBuildEntity, BuildLogLineEntity, AppPackageEntity, PackageTagEntity, CiTokenEntity, CiEventEntity, CiDeadLetterEntity, ProcessedEventEntity],
  migrations: [InitPackaging1767000000001, PrereleaseSortKey1767000000002],
};
