import { runService } from '@appmanager/bootstrap';
import { WorkflowModule } from './workflow.module.js';

await runService({ service: 'workflow', module: WorkflowModule });
