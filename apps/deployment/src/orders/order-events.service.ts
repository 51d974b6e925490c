import { Inject, Injectable } from '@nestjs/common';
import { componentDeployedEvent, nodeChangedEvent, orderChangedEvent, type NodeState, type OrderState } from '@appmanager/contracts';
import { EVENT_BUS } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import type { EventBus } from '@appmanager/messaging';
import type { NodeOrderEntity } from '@appmanager/persistence';
import type { z } from 'zod';

type NodeFacts = Pick<NodeOrderEntity, 'orderId' | 'nodeId' | 'component' | 'kind'> & { state: NodeState; attempts: number; message?: string | null; error?: string | null };

/**
 * Order and node transitions on JetStream. MySQL is the truth, events tell the world:
 * publishing is not awaited on the hot path (one NATS connection keeps them in order),
 * node transitions are not even acknowledged by the stream, and a publish that fails is
 * logged, never fails the node.
 */
@Injectable()
export class OrderEvents {
  constructor(@Inject(EVENT_BUS) private readonly events: EventBus) {}

  /** Node transitions are high-rate and informational: announced without waiting for the stream's ack. */
  node(node: NodeFacts): void {
    try {
      this.events.announce(nodeChangedEvent, {
        orderId: node.orderId,
        nodeId: node.nodeId,
        component: node.component,
        kind: node.kind,
        state: node.state,
        attempt: node.attempts,
        message: node.message ?? null,
        error: node.error ?? null,
      });
    } catch (error) {
      rootLogger().warn({ err: error }, 'could not announce a node event');
    }
  }

  order(orderId: string, app: string, state: OrderState, summary: string | null): Promise<unknown> {
    return this.events.publish(orderChangedEvent, { orderId, app, state, summary }).catch((error: unknown) => {
      rootLogger().warn({ err: error, orderId }, 'could not publish an order event');
    });
  }

  componentDeployed(data: z.input<typeof componentDeployedEvent.data>): void {
    this.fire(this.events.publish(componentDeployedEvent, data));
  }

  private fire(publishing: Promise<unknown>): void {
    publishing.catch((error: unknown) => rootLogger().warn({ err: error }, 'could not publish a deployment event'));
  }
}
