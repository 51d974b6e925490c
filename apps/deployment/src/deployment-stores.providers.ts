import type { Provider } from '@nestjs/common';
import { DATABASE } from '@appmanager/bootstrap';
import { AppRevisionStore, DeployOrderStore, NodeRunStore, type Database } from '@appmanager/persistence';
import { engineSettings } from './engine-settings.js';

/** The deployment schema's stores, over the service's own database. */
export const deploymentStoreProviders: Provider[] = [
  { provide: AppRevisionStore, inject: [DATABASE], useFactory: (db: Database) => new AppRevisionStore(db) },
  { provide: DeployOrderStore, inject: [DATABASE], useFactory: (db: Database) => new DeployOrderStore(db) },
  { provide: NodeRunStore, inject: [DATABASE], useFactory: (db: Database) => new NodeRunStore(db, { maxInFlight: engineSettings().dbCallsInFlight, maxBatch: 64 }) },
];
