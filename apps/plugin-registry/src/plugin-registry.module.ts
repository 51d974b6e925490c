import { Module } from '@nestjs/common';
import { InfraModule } from '@appmanager/bootstrap';
import { basicServiceSchema } from '@appmanager/persistence';

/**
 * The plugin-registry service boots, owns its database, joins NATS and answers health; its
 * capability lands in a later issue, and its health answer says so.
 */
@Module({
  imports: [
    InfraModule.forService({
      service: 'plugin-registry',
      schema: basicServiceSchema('plugin-registry'),
      capabilities: [],
      note: 'nothing yet: its capability arrives in a later issue',
    }),
  ],
})
export class PluginRegistryModule {}
