import { runService } from '@appmanager/bootstrap';
import { ProcessSupervisorModule } from './process-supervisor.module.js';

await runService({ service: 'process-supervisor', module: ProcessSupervisorModule });
