import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { InfraConfig } from '@appmanager/config';
import { CONFIG } from '@appmanager/bootstrap';
import { packagingQueues } from '@appmanager/contracts';
import { redisOptionsFromUrl } from '@appmanager/messaging';

/** BullMQ wiring shared by the packaging service (producer) and its workers. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: InfraConfig) => ({ connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.REDIS_PREFIX }),
    }),
    BullModule.registerQueue({ name: packagingQueues.packaging }),
  ],
  exports: [BullModule],
})
export class PackagingQueueModule {}
