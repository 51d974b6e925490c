import { runService } from '@appmanager/bootstrap';
import { AddonModule } from './addon.module.js';

await runService({ service: 'addon', module: AddonModule });
