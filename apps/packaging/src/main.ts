import { runService } from '@appmanager/bootstrap';
import { PackagingModule } from './packaging.module.js';

await runService({ service: 'packaging', module: PackagingModule });
