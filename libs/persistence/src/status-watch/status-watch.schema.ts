import type { ServiceSchema } from '../data-source/create-service-data-source.js';
import { ProcessedEventEntity } from '../common/processed-event.entity.js';
import { AppInstanceEntity } from './app-instance.entity.js';
import { ComponentInstanceEntity } from './component-instance.entity.js';
import { HealthChangeEntity } from './health-change.entity.js';
import { InitStatusWatch1767000000006 } from './migrations/1767000000006-init-status-watch.js';
import { StatusWatchLaunchAttrs1767000000016 } from './migrations/1767000000016-status-watch-launch-attrs.js';

export const statusWatchSchema: ServiceSchema = {
  service: 'status-watch',
  entities: [AppInstanceEntity, ComponentInstanceEntity, HealthChangeEntity, ProcessedEventEntity],
  migrations: [InitStatusWatch1767000000006, StatusWatchLaunchAttrs1767000000016],
};
