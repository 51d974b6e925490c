import { Inject, Injectable } from '@nestjs/common';
import { componentDeployedEvent, type DeploymentNodeJobData } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import { rootLogger, withLogContext } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import { DeployOrderStore } from '@appmanager/persistence';
import { OrderProgressService } from '../orders/order-progress.service.js';

/**
 * Runs one node attempt. Walking skeleton: a built-in step that completes at once; the
 * plugin calls (launch, then poll get) arrive with the deployment issue. The claim
 * (queued → launching) is a compare-and-set, so a redelivered job never runs twice.
 */
@Injectable()
export class RunNodeUseCase {
  constructor(
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(OrderProgressService) private readonly progress: OrderProgressService,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  async execute(job: DeploymentNodeJobData): Promise<void> {
    await withLogContext({ orderId: job.orderId, nodeId: job.nodeId }, async () => {
      const startedAt = new Date();
      const claimed = await this.orders.transitionNode(job.orderId, job.nodeId, ['queued'], { state: 'launching', attempts: job.attempt, startedAt });
      if (!claimed) {
        rootLogger().info('node already claimed or finished; nothing to do');
        await this.progress.advance(job.orderId);
        return;
      }
      const node = (await this.orders.findNode(job.orderId, job.nodeId))!;
      await this.progress.nodeChanged(node);
      const message = 'completed by the built-in skeleton step';
      await this.orders.transitionNode(job.orderId, job.nodeId, ['launching'], { state: 'succeeded', finishedAt: new Date(), message, outputs: {} });
      await this.progress.nodeChanged({ ...node, state: 'succeeded', message });
      const order = (await this.orders.findOrder(job.orderId))!;
      if (node.kind === 'component') {
        await this.events.publish(componentDeployedEvent, {
          orderId: order.id,
          app: order.app,
          cluster: order.cluster,
          namespace: order.namespace,
          stage: order.stage,
          component: node.component,
          plugin: { name: node.type, version: 'builtin' },
          revision: order.revision,
          outputs: {},
        });
      }
      await this.progress.advance(job.orderId);
    });
  }
}
