import { runService } from '@appmanager/bootstrap';
import { StatusWatchModule } from './status-watch.module.js';

await runService({ service: 'status-watch', module: StatusWatchModule });
