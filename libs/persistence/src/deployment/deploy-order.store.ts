import { In, LessThan, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { DomainError, type NodeState, type OrderState } from '@appmanager/contracts';
import { DeployOrderEntity } from './deploy-order.entity.js';
import { NodeOrderEntity } from './node-order.entity.js';

export type NewDeployOrder = Omit<DeployOrderEntity, 'version' | 'startedAt' | 'finishedAt' | 'summary' | 'activeTarget' | 'rollbackOf'> &
  Partial<Pick<DeployOrderEntity, 'startedAt' | 'rollbackOf'>>;
export type NewNodeOrder = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'component' | 'type' | 'dependsOn' | 'spec'> & Partial<Pick<NodeOrderEntity, 'plugin'>>;
export type NodePatch = Partial<
  Pick<
    NodeOrderEntity,
    'state' | 'attempts' | 'message' | 'error' | 'outputs' | 'queuedAt' | 'startedAt' | 'finishedAt' | 'launchKey' | 'attrs' | 'result' | 'polls' | 'deadlineAt'
  >
>;
/** A node row without its big JSON columns (see DeployOrderStore.nodeViews). */
export type NodeView = Omit<NodeOrderEntity, 'spec' | 'attrs' | 'result'>;
const nodeViewColumns: Record<keyof NodeView, true> = {
  orderId: true,
  nodeId: true,
  kind: true,
  component: true,
  type: true,
  state: true,
  attempts: true,
  dependsOn: true,
  outputs: true,
  message: true,
  error: true,
  plugin: true,
  launchKey: true,
  polls: true,
  deadlineAt: true,
  version: true,
  queuedAt: true,
  startedAt: true,
  finishedAt: true,
};
export type OrderPatch = Partial<Pick<DeployOrderEntity, 'state' | 'summary' | 'startedAt' | 'finishedAt' | 'activeTarget'>>;
/** Extra compare-and-set conditions: the node must still be on this attempt / poll. */
export interface NodeGuard {
  attempts?: number;
  polls?: number;
}

export const activeTargetKey = (o: Pick<DeployOrderEntity, 'app' | 'cluster' | 'namespace' | 'stage'>): string =>
  `${o.app}/${o.cluster}/${o.namespace}/${o.stage}`;

const unfinishedNodeStates: NodeState[] = ['pending', 'queued', 'launching', 'waiting'];

/**
 * Deploy orders and their nodes. State changes are compare-and-set: an UPDATE that
 * names the states it may leave from and bumps the version column, so two workers (or a
 * worker and the reconciler) can never both move the same node.
 */
export class DeployOrderStore {
  constructor(private readonly dataSource: DataSource) {}

  private get nodeRepo() {
    return this.dataSource.getRepository(NodeOrderEntity);
  }

  /**
   * Inserts a running order and its nodes in one transaction. The order holds its
   * target (`active_target`, unique) while it runs: a second order for the same app and
   * target fails here with `conflict`, naming the order that runs.
   */
  async create(order: NewDeployOrder, nodes: NewNodeOrder[]): Promise<void> {
    const activeTarget = order.state === 'running' ? activeTargetKey(order) : null;
    try {
      await this.dataSource.transaction(async (em) => {
        await em.insert(DeployOrderEntity, {
          ...order,
          activeTarget,
          rollbackOf: order.rollbackOf ?? null,
          version: 1,
          summary: null,
          startedAt: order.startedAt ?? null,
          finishedAt: null,
        } as QueryDeepPartialEntity<DeployOrderEntity>);
        // Plain multi-row INSERTs: TypeORM's entity insert costs ~10x more for a 2,000-node order.
        // Chunked so a 2,000-component order stays under max_allowed_packet.
        const rows = nodes.map((n) => [order.id, n.nodeId, n.kind, n.component, n.type, 'pending', 0, JSON.stringify(n.dependsOn), n.spec === null ? null : JSON.stringify(n.spec), n.plugin ?? null, 0, 1]);
        for (let i = 0; i < rows.length; i += 500) {
          await em.query('INSERT INTO node_order (order_id, node_id, kind, component, type, state, attempts, depends_on, spec, plugin, polls, version) VALUES ?', [rows.slice(i, i + 500)]);
        }
      });
    } catch (error) {
      if (activeTarget && /Duplicate entry/i.test(String(error)) && /active_target/i.test(String(error))) throw await this.targetBusy(activeTarget);
      throw error;
    }
  }

  private async targetBusy(activeTarget: string): Promise<DomainError> {
    const running = await this.dataSource.getRepository(DeployOrderEntity).findOneBy({ activeTarget });
    return new DomainError(
      'conflict',
      `deploy order ${running?.id ?? '(unknown)'} is still running for ${activeTarget}; wait for it, or terminate it first`,
      [{ path: 'target', message: `busy with order ${running?.id ?? '(unknown)'}` }],
      { runningOrderId: running?.id },
    );
  }

  findOrder(id: string): Promise<DeployOrderEntity | null> {
    return this.dataSource.getRepository(DeployOrderEntity).findOneBy({ id });
  }

  nodes(orderId: string): Promise<NodeOrderEntity[]> {
    return this.nodeRepo.find({ where: { orderId }, order: { nodeId: 'ASC' } });
  }

  /**
   * Every node without the planned spec and the plugin's attrs and result — the big JSON
   * columns nothing but the graph view and the worker reads: what the order view,
   * advancing, terminating and reconciling need, at a fraction of the cost for a large order.
   */
  nodeViews(orderId: string): Promise<NodeView[]> {
    return this.nodeRepo.find({ select: nodeViewColumns, where: { orderId }, order: { nodeId: 'ASC' } });
  }

  /** The nodes of an order in the given states, by node id (e.g. the failed ones, to say why an order failed). */
  nodesInState(orderId: string, states: NodeState[]): Promise<NodeOrderEntity[]> {
    return this.nodeRepo.find({ where: { orderId, state: In(states) }, order: { nodeId: 'ASC' } });
  }

  findNode(orderId: string, nodeId: string): Promise<NodeOrderEntity | null> {
    return this.nodeRepo.findOneBy({ orderId, nodeId });
  }

  /** Just what deciding readiness needs, for a handful of nodes (the hot path after a node finishes). */
  async nodeStates(
    orderId: string,
    nodeIds: string[],
  ): Promise<Array<Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'component' | 'state' | 'attempts' | 'dependsOn' | 'spec'>>> {
    if (nodeIds.length === 0) return [];
    return this.nodeRepo.find({
      select: { nodeId: true, kind: true, component: true, state: true, attempts: true, dependsOn: true, spec: true },
      where: { orderId, nodeId: In(nodeIds) },
    });
  }

  /** The nodes of one component plus the given producers: what rendering a node's properties reads. */
  renderRows(orderId: string, component: string, producerIds: string[]): Promise<NodeOrderEntity[]> {
    const qb = this.nodeRepo.createQueryBuilder('n').where('n.order_id = :orderId', { orderId });
    if (producerIds.length === 0) qb.andWhere('n.component = :component', { component });
    else qb.andWhere('(n.component = :component OR n.node_id IN (:...producerIds))', { component, producerIds });
    return qb.getMany();
  }

  async list(filter: { app?: string; state?: OrderState }, limit: number, beforeCreatedAt?: Date): Promise<DeployOrderEntity[]> {
    const qb = this.dataSource.getRepository(DeployOrderEntity).createQueryBuilder('o').orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'DESC').limit(limit);
    if (filter.app) qb.andWhere('o.app = :app', { app: filter.app });
    if (filter.state) qb.andWhere('o.state = :state', { state: filter.state });
    if (beforeCreatedAt) qb.andWhere('o.created_at < :before', { before: beforeCreatedAt });
    return qb.getMany();
  }

  /** Running orders, for the reconciler that rebuilds Redis from MySQL (failed ones wait for an operator). */
  unfinishedOrders(): Promise<DeployOrderEntity[]> {
    return this.dataSource.getRepository(DeployOrderEntity).findBy({ state: In(['created', 'planning', 'running']) });
  }

  /** The newest succeeded order of the same app and target created before `before`, on another revision. */
  previousSucceeded(o: Pick<DeployOrderEntity, 'app' | 'cluster' | 'namespace' | 'stage' | 'revision' | 'createdAt'>): Promise<DeployOrderEntity | null> {
    return this.dataSource
      .getRepository(DeployOrderEntity)
      .createQueryBuilder('o')
      .where({ app: o.app, cluster: o.cluster, namespace: o.namespace, stage: o.stage, state: 'succeeded', createdAt: LessThan(o.createdAt) })
      .andWhere('o.revision <> :revision', { revision: o.revision })
      .orderBy('o.created_at', 'DESC')
      .getOne();
  }

  /** Moves a node if (and only if) it is in one of `from` (and on the guarded attempt/poll). Returns whether this caller won. */
  async transitionNode(orderId: string, nodeId: string, from: NodeState[], patch: NodePatch, guard: NodeGuard = {}): Promise<boolean> {
    const qb = this.dataSource
      .createQueryBuilder()
      .update(NodeOrderEntity)
      // JSON columns hold plain objects; TypeORM's deep-partial type cannot express `unknown` values.
      .set({ ...patch, version: () => 'version + 1' } as QueryDeepPartialEntity<NodeOrderEntity>)
      .where('order_id = :orderId AND node_id = :nodeId', { orderId, nodeId })
      .andWhere('state IN (:...from)', { from });
    if (guard.attempts !== undefined) qb.andWhere('attempts = :attempts', { attempts: guard.attempts });
    if (guard.polls !== undefined) qb.andWhere('polls = :polls', { polls: guard.polls });
    const result = await qb.execute();
    return (result.affected ?? 0) === 1;
  }

  /** Moves many nodes of one order at once (pending → queued, pending → skipped …). Returns how many moved. */
  async transitionNodes(orderId: string, nodeIds: string[], from: NodeState[], patch: NodePatch): Promise<number> {
    if (nodeIds.length === 0) return 0;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(NodeOrderEntity)
      .set({ ...patch, version: () => 'version + 1' } as QueryDeepPartialEntity<NodeOrderEntity>)
      .where('order_id = :orderId AND node_id IN (:...nodeIds)', { orderId, nodeIds })
      .andWhere('state IN (:...from)', { from })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Moves the order if it is in one of `from`. Taking `running` back (a retry) re-claims
   * the target, so it fails with `conflict` while another order runs there.
   */
  async transitionOrder(id: string, from: OrderState[], patch: OrderPatch): Promise<boolean> {
    try {
      const result = await this.dataSource
        .createQueryBuilder()
        .update(DeployOrderEntity)
        .set({ ...patch, version: () => 'version + 1' })
        .where('id = :id', { id })
        .andWhere('state IN (:...from)', { from })
        .execute();
      return (result.affected ?? 0) === 1;
    } catch (error) {
      if (patch.activeTarget && /Duplicate entry/i.test(String(error))) throw await this.targetBusy(patch.activeTarget);
      throw error;
    }
  }

  /** How many nodes of the order are not finished yet. */
  async unfinishedCount(orderId: string): Promise<number> {
    return this.nodeRepo.count({ where: { orderId, state: In(unfinishedNodeStates) } });
  }

  /** Node state counts of an order, to decide whether it has finished. */
  async stateCounts(orderId: string): Promise<Partial<Record<NodeState, number>>> {
    const rows = await this.nodeRepo
      .createQueryBuilder('n')
      .select('n.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .where('n.order_id = :orderId', { orderId })
      .groupBy('n.state')
      .getRawMany<{ state: NodeState; count: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]));
  }
}
