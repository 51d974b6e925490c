import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { NodeState } from '@appmanager/contracts';

/** One node of an order's DAG (gate, component or trait) and its state machine. */
@Entity({ name: 'node_order' })
@Index('idx_node_state', ['orderId', 'state'])
export class NodeOrderEntity {
  @PrimaryColumn({ type: 'char', length: 36, name: 'order_id' })
  orderId!: string;

  @PrimaryColumn({ type: 'varchar', length: 191, name: 'node_id' })
  nodeId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'gate' | 'component' | 'trait';

  @Column({ type: 'varchar', length: 63 })
  component!: string;

  /** Plugin type (`process`, `env`) or `gate`. */
  @Column({ type: 'varchar', length: 191 })
  type!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: NodeState;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Node ids that must succeed before this one may run. */
  @Column({ type: 'json', name: 'depends_on' })
  dependsOn!: string[];

  @Column({ type: 'json', nullable: true })
  spec!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  outputs!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** `name@version` of the plugin the node runs, resolved when the order was planned. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  plugin!: string | null;

  /** Idempotency key of the current attempt's `launch` (order/node/attempt), written before the call. */
  @Column({ type: 'varchar', length: 255, name: 'launch_key', nullable: true })
  launchKey!: string | null;

  /** What `launch` returned, handed back to `get` and `destroy`. */
  @Column({ type: 'json', nullable: true })
  attrs!: Record<string, unknown> | null;

  /** Engine-side results: a pre-trait's patch, the rendered properties, published outputs. */
  @Column({ type: 'json', nullable: true })
  result!: Record<string, unknown> | null;

  /** Polls of `get` so far in this attempt; each poll job claims its number once. */
  @Column({ type: 'int', default: 0 })
  polls!: number;

  @Column({ type: 'datetime', precision: 3, name: 'deadline_at', nullable: true })
  deadlineAt!: Date | null;

  @VersionColumn()
  version!: number;

  @Column({ type: 'datetime', precision: 3, name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
