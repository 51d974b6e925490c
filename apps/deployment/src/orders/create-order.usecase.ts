import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type DeployOrderDto, type RpcRequest, type createDeploymentRpc } from '@appmanager/contracts';
import { AppRevisionStore, DeployOrderStore, type AppRevisionEntity } from '@appmanager/persistence';
import { ApplicationLoader } from '../apps/application-loader.service.js';
import { DagAdvancer } from './dag-advancer.service.js';
import { OrderEvents } from './order-events.service.js';
import { planNodes } from './plan-nodes.js';
import { toOrderDto } from './order.view.js';

type CreateOrderCommand = RpcRequest<typeof createDeploymentRpc>;
export interface DeployTarget {
  cluster: string;
  namespace: string;
  stage: string;
}

/**
 * Turns an app revision + target into a running deploy order: checks the revision
 * against today's plugins, plans the DAG, stores order and nodes in one transaction
 * (MySQL is the truth; the unique running-target key refuses a second order for the
 * same app and target with 409), then starts the nodes without predecessors. If
 * enqueuing fails the order still exists and the reconciler queues it.
 */
@Injectable()
export class CreateOrderUseCase {
  constructor(
    @Inject(AppRevisionStore) private readonly revisions: AppRevisionStore,
    @Inject(DeployOrderStore) private readonly orders: DeployOrderStore,
    @Inject(ApplicationLoader) private readonly loader: ApplicationLoader,
    @Inject(DagAdvancer) private readonly advancer: DagAdvancer,
    @Inject(OrderEvents) private readonly events: OrderEvents,
  ) {}

  async execute(command: CreateOrderCommand): Promise<DeployOrderDto> {
    const revision = command.revision ? await this.revisions.get(command.app, command.revision) : await this.revisions.latest(command.app);
    if (!revision) {
      const which = command.revision ? `revision ${command.revision} of ${command.app}` : `an application named ${command.app}`;
      throw new DomainError('not_found', `there is no ${which}; PUT /v1/apps/${command.app} first`, [{ path: command.revision ? 'revision' : 'app', message: 'not found' }]);
    }
    const target = { cluster: command.target?.cluster ?? 'local', namespace: command.target?.namespace ?? 'default', stage: command.target?.stage ?? 'default' };
    return this.deploy(revision, target, command.parameters ?? {});
  }

  async deploy(revision: AppRevisionEntity, target: DeployTarget, parameters: Record<string, unknown>, rollbackOf?: string): Promise<DeployOrderDto> {
    const loaded = await this.loader.fromStored(revision.app, revision.document);
    const nodes = planNodes(loaded.application, loaded.dag);
    const id = randomUUID();
    const now = new Date();
    await this.orders.create(
      {
        id,
        app: revision.app,
        revision: revision.revision,
        ...target,
        state: 'running',
        parameters: { ...(loaded.application.spec.parameters ?? {}), ...parameters },
        pluginVersions: loaded.pluginVersions,
        createdAt: now,
        startedAt: now,
        rollbackOf: rollbackOf ?? null,
      },
      nodes,
    );
    await this.events.order(id, revision.app, 'running', null);
    await this.advancer.fullAdvance(id);
    const order = await this.orders.findOrder(id);
    return toOrderDto(order!, await this.orders.nodes(id));
  }
}
