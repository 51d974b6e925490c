import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { InfraConfig } from '@appmanager/config';
import { CONFIG } from '@appmanager/bootstrap';
import { queues } from '@appmanager/contracts';
import { redisOptionsFromUrl } from '@appmanager/messaging';

/** BullMQ wiring shared by the deployment service (producer) and its workers (consumers). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: InfraConfig) => ({
        connection: redisOptionsFromUrl(config.REDIS_URL),
        prefix: config.REDIS_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: queues.deploymentNodes }),
  ],
  exports: [BullModule],
})
export class NodeQueueModule {}
