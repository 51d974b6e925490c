import { runService } from '@appmanager/bootstrap';
import { migrateUnderLock } from './migrate-under-lock.js';
import { WorkerModule } from './worker.module.js';

await migrateUnderLock();
await runService({ service: 'deployment-worker', module: WorkerModule });
