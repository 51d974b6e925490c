import { In, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { NodeState, OrderState } from '@appmanager/contracts';
import { DeployOrderEntity } from './deploy-order.entity.js';
import { NodeOrderEntity } from './node-order.entity.js';

export type NewDeployOrder = Omit<DeployOrderEntity, 'version' | 'startedAt' | 'finishedAt' | 'summary'>;
export type NewNodeOrder = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'component' | 'type' | 'dependsOn' | 'spec'>;
export type NodePatch = Partial<Pick<NodeOrderEntity, 'state' | 'attempts' | 'message' | 'error' | 'outputs' | 'queuedAt' | 'startedAt' | 'finishedAt'>>;
export type OrderPatch = Partial<Pick<DeployOrderEntity, 'state' | 'summary' | 'startedAt' | 'finishedAt'>>;

/**
 * Deploy orders and their nodes. State changes are compare-and-set: an UPDATE that
 * names the states it may leave from and bumps the version column, so two workers (or a
 * worker and the reconciler) can never both move the same node.
 */
export class DeployOrderStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(order: NewDeployOrder, nodes: NewNodeOrder[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.insert(DeployOrderEntity, { ...order, version: 1, summary: null, startedAt: null, finishedAt: null } as QueryDeepPartialEntity<DeployOrderEntity>);
      const rows = nodes.map((n) => ({
        ...n,
        orderId: order.id,
        state: 'pending' as NodeState,
        attempts: 0,
        outputs: null,
        message: null,
        error: null,
        version: 1,
        queuedAt: null,
        startedAt: null,
        finishedAt: null,
      }));
      // Chunked so a 2,000-component order stays under max_allowed_packet.
      for (let i = 0; i < rows.length; i += 500) await em.insert(NodeOrderEntity, rows.slice(i, i + 500) as QueryDeepPartialEntity<NodeOrderEntity>[]);
    });
  }

  findOrder(id: string): Promise<DeployOrderEntity | null> {
    return this.dataSource.getRepository(DeployOrderEntity).findOneBy({ id });
  }

  nodes(orderId: string): Promise<NodeOrderEntity[]> {
    return this.dataSource.getRepository(NodeOrderEntity).find({ where: { orderId }, order: { nodeId: 'ASC' } });
  }

  findNode(orderId: string, nodeId: string): Promise<NodeOrderEntity | null> {
    return this.dataSource.getRepository(NodeOrderEntity).findOneBy({ orderId, nodeId });
  }

  async list(filter: { app?: string; state?: OrderState }, limit: number, beforeCreatedAt?: Date): Promise<DeployOrderEntity[]> {
    const qb = this.dataSource.getRepository(DeployOrderEntity).createQueryBuilder('o').orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'DESC').limit(limit);
    if (filter.app) qb.andWhere('o.app = :app', { app: filter.app });
    if (filter.state) qb.andWhere('o.state = :state', { state: filter.state });
    if (beforeCreatedAt) qb.andWhere('o.created_at < :before', { before: beforeCreatedAt });
    return qb.getMany();
  }

  /** Orders not yet finished, for the reconciler that rebuilds Redis from MySQL. */
  unfinishedOrders(): Promise<DeployOrderEntity[]> {
    return this.dataSource.getRepository(DeployOrderEntity).findBy({ state: In(['created', 'planning', 'running']) });
  }

  /** Moves a node if (and only if) it is in one of `from`. Returns whether this caller won. */
  async transitionNode(orderId: string, nodeId: string, from: NodeState[], patch: NodePatch): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(NodeOrderEntity)
      // JSON columns hold plain objects; TypeORM's deep-partial type cannot express `unknown` values.
      .set({ ...patch, version: () => 'version + 1' } as QueryDeepPartialEntity<NodeOrderEntity>)
      .where('order_id = :orderId AND node_id = :nodeId', { orderId, nodeId })
      .andWhere('state IN (:...from)', { from })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async transitionOrder(id: string, from: OrderState[], patch: OrderPatch): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(DeployOrderEntity)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id', { id })
      .andWhere('state IN (:...from)', { from })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Node state counts of an order, to decide whether it has finished. */
  async stateCounts(orderId: string): Promise<Partial<Record<NodeState, number>>> {
    const rows = await this.dataSource
      .getRepository(NodeOrderEntity)
      .createQueryBuilder('n')
      .select('n.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .where('n.order_id = :orderId', { orderId })
      .groupBy('n.state')
      .getRawMany<{ state: NodeState; count: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]));
  }
}
