import type { Provider } from '@nestjs/common';
import { DATABASE } from '@appmanager/bootstrap';
import { AppPackageStore, CiStore, PackageTaskStore, type Database } from '@appmanager/persistence';

/** The packaging schema's stores, over the service's own database. */
export const packagingStoreProviders: Provider[] = [
  { provide: PackageTaskStore, inject: [DATABASE], useFactory: (db: Database) => new PackageTaskStore(db) },
  { provide: AppPackageStore, inject: [DATABASE], useFactory: (db: Database) => new AppPackageStore(db) },
  { provide: CiStore, inject: [DATABASE], useFactory: (db: Database) => new CiStore(db) },
];
