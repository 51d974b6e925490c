import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, resolvePackageRpc, type DeployOrderDto, type RpcRequest, type RpcResponse, type createDeploymentRpc } from '@appmanager/contracts';
import { RPC_CLIENT } from '@appmanager/bootstrap';
import type { RpcClient } from '@appmanager/messaging';
import { AppRevisionStore, DeployOrderStore, type AppRevisionEntity } from '@appmanager/persistence';
import { ApplicationLoader } from '../apps/application-loader.service.js';
import { DagAdvancer } from './dag-advancer.service.js';
import { OrderEvents } from './order-events.service.js';
import { planNodes } from './plan-nodes.js';
import { toOrderDto } from './order.view.js';

type CreateOrderCommand = RpcRequest<typeof createDeploymentRpc>;
type ResolvedPackage = RpcResponse<typeof resolvePackageRpc>;

export interface DeployOptions {
  /** The order this one rolls back. */
  rollbackOf?: string;
  /** Deploy what this package holds: its components run from their packaged files. */
  packageVersion?: string | null;
}
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
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
  ) {}

  async execute(command: CreateOrderCommand): Promise<DeployOrderDto> {
    // A package records the Application revision it was built from; deploy that one unless told otherwise.
    const pkg = command.packageVersion ? await this.resolvePackage(command.app, command.packageVersion) : undefined;
    const wanted = command.revision ?? pkg?.appRevision ?? undefined;
    const revision = wanted ? await this.revisions.get(command.app, wanted) : await this.revisions.latest(command.app);
    if (!revision) {
      const which = command.revision ? `revision ${command.revision} of ${command.app}` : `an application named ${command.app}`;
      throw new DomainError('not_found', `there is no ${which}; PUT /v1/apps/${command.app} first`, [{ path: command.revision ? 'revision' : 'app', message: 'not found' }]);
    }
    const target = { cluster: command.target?.cluster ?? 'local', namespace: command.target?.namespace ?? 'default', stage: command.target?.stage ?? 'default' };
    return this.deploy(revision, target, command.parameters ?? {}, { packageVersion: pkg?.version }, pkg);
  }

  async deploy(revision: AppRevisionEntity, target: DeployTarget, parameters: Record<string, unknown>, options: DeployOptions = {}, resolved?: ResolvedPackage): Promise<DeployOrderDto> {
    const pkg = resolved ?? (options.packageVersion ? await this.resolvePackage(revision.app, options.packageVersion) : undefined);
    const loaded = await this.loader.fromStored(revision.app, revision.document);
    const nodes = pinPackagedFiles(planNodes(loaded.application, loaded.dag), pkg);
    const id = randomUUID();
    const now = new Date();
    await this.orders.create(
      {
        id,
        app: revision.app,
        revision: revision.revision,
        packageVersion: pkg?.version ?? null,
        ...target,
        state: 'running',
        parameters: { ...(loaded.application.spec.parameters ?? {}), ...parameters },
        pluginVersions: loaded.pluginVersions,
        createdAt: now,
        startedAt: now,
        rollbackOf: options.rollbackOf ?? null,
      },
      nodes,
    );
    await this.events.order(id, revision.app, 'running', null);
    await this.advancer.fullAdvance(id, nodes.map((n) => ({ orderId: id, nodeId: n.nodeId, kind: n.kind, component: n.component, state: 'pending', attempts: 0, dependsOn: n.dependsOn })));
    const order = await this.orders.findOrder(id);
    return toOrderDto(order!, await this.orders.nodeViews(id));
  }

  private async resolvePackage(app: string, version: string): Promise<ResolvedPackage> {
    const pkg = await this.rpc.call(resolvePackageRpc, { app, version });
    if (pkg.components.length === 0) throw new DomainError('conflict', `package ${app}@${version} holds no components`);
    return pkg;
  }
}

/** Component nodes whose component the package holds run from its packaged files (see the worker's package-workdir). */
function pinPackagedFiles<N extends { kind: string; component: string; spec: Record<string, unknown> | null }>(nodes: N[], pkg: ResolvedPackage | undefined): N[] {
  if (!pkg) return nodes;
  const byName = new Map(pkg.components.map((c) => [c.name, c]));
  return nodes.map((node) => {
    const packaged = node.kind === 'component' ? byName.get(node.component) : undefined;
    if (!packaged) return node;
    return { ...node, spec: { ...node.spec, package: { version: pkg.version, archiveKey: packaged.archiveKey, sha256: packaged.sha256, meta: packaged.meta } } };
  });
}
