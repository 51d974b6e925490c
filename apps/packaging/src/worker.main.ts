import { runService } from '@appmanager/bootstrap';
import { PackagingWorkerModule } from './packaging-worker.module.js';

await runService({ service: 'packaging-worker', module: PackagingWorkerModule });
