import { runService } from '@appmanager/bootstrap';
import { DeploymentModule } from './deployment.module.js';
import { migrateUnderLock } from './migrate-under-lock.js';

await migrateUnderLock();
await runService({ service: 'deployment', module: DeploymentModule });
