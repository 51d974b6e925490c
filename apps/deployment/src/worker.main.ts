import { runService } from '@appmanager/bootstrap';
import { WorkerModule } from './worker.module.js';

await runService({ service: 'deployment-worker', module: WorkerModule });
