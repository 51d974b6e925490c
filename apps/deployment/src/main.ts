import { runService } from '@appmanager/bootstrap';
import { DeploymentModule } from './deployment.module.js';

await runService({ service: 'deployment', module: DeploymentModule });
