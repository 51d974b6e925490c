import type { DataSource } from 'typeorm';
import type { NodeState } from '@appmanager/contracts';
import type { NodeOrderEntity } from './node-order.entity.js';

/** The parts of a node row that never change after the order was planned (safe to cache per order). */
export type NodeShape = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'component' | 'type' | 'plugin' | 'dependsOn' | 'spec'>;
/** The moving parts of a node row, enough to decide readiness. */
export type NodeProgress = Pick<NodeOrderEntity, 'nodeId' | 'state' | 'attempts'>;

export interface NodeClaim {
  /** The state the claim leaves from (`queued`, or `launching` when a lost attempt is replaced). */
  from: NodeState;
  /** The attempt the row must be on (compare-and-set), and the one it moves to. */
  fromAttempts: number;
  attempt: number;
  launchKey: string;
  startedAt: Date;
  deadlineAt: Date;
  message: string | null;
}

export interface NodeFinish {
  from: NodeState[];
  attempts: number;
  polls?: number;
  state: 'succeeded' | 'failed';
  message: string;
  error: string | null;
  finishedAt: Date;
  attrs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

/** What `succeedAndStart` needs to decide readiness: the dependants to settle and their predecessors. */
export interface StartCandidate {
  nodeId: string;
  gate: boolean;
  dependsOn: string[];
}

/** A node `succeedAndStart` started: `queued`, or `succeeded` for a gate; attempts as now stored. */
export type StartedNode = Pick<NodeOrderEntity, 'nodeId' | 'state' | 'attempts'>;

export interface SucceedAndStartResult {
  /** Some candidate waits on a failed/skipped/terminated node: the slow path must skip it. */
  blocked: boolean;
  started: StartedNode[];
}

/** The mysql2 pool under TypeORM's driver, when there is one (callback API). */
interface RawPool {
  query(sql: string, values: unknown[], cb: (error: Error | null, result: unknown) => void): void;
}

const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const affected = (raw: unknown): number => (raw as { affectedRows?: number } | null)?.affectedRows ?? 0;

/**
 * The DAG engine's hot path in plain SQL, one statement per step: the TypeORM query
 * builder costs more CPU than the round trip on a busy worker. Same rules as
 * DeployOrderStore: every move is a compare-and-set naming the states (and attempt /
 * poll) it may leave, and bumps `version`.
 */
export class NodeRunStore {
  private readonly pool: RawPool | undefined;

  constructor(private readonly dataSource: DataSource) {
    // The hot statements go straight to the mysql2 pool TypeORM owns: its query runner
    // (connect, logger, broadcaster, result wrapping) cost more CPU than the statement.
    const pool = (dataSource.driver as unknown as { pool?: RawPool }).pool;
    this.pool = pool && typeof pool.query === 'function' ? pool : undefined;
  }

  private query<T = unknown>(sql: string, values: unknown[]): Promise<T> {
    const pool = this.pool;
    if (!pool) return this.dataSource.query(sql, values);
    return new Promise((resolve, reject) => pool.query(sql, values, (error, result) => (error ? reject(error) : resolve(result as T))));
  }

  /** Every node's immutable shape: read once per order by a worker, then kept. */
  async shapes(orderId: string): Promise<NodeShape[]> {
    const rows: Array<Record<string, unknown>> = await this.query(
      'SELECT node_id, kind, component, type, plugin, depends_on, spec FROM node_order WHERE order_id = ?',
      [orderId],
    );
    return rows.map((r) => ({
      nodeId: r.node_id as string,
      kind: r.kind as NodeShape['kind'],
      component: r.component as string,
      type: r.type as string,
      plugin: (r.plugin as string | null) ?? null,
      dependsOn: json(r.depends_on) as string[],
      spec: json(r.spec) as Record<string, unknown> | null,
    }));
  }

  /** State and attempts of some nodes of one order (readiness after a node succeeded). */
  async progress(orderId: string, nodeIds: string[]): Promise<NodeProgress[]> {
    if (nodeIds.length === 0) return [];
    const rows: Array<{ node_id: string; state: NodeState; attempts: number }> = await this.query(
      'SELECT node_id, state, attempts FROM node_order WHERE order_id = ? AND node_id IN (?)',
      [orderId, nodeIds],
    );
    return rows.map((r) => ({ nodeId: r.node_id, state: r.state, attempts: Number(r.attempts) }));
  }

  /**
   * Claims a node for one attempt: records the attempt, the launch idempotency key and
   * the deadline BEFORE any plugin call. Wins only if the row is still in `from` on
   * `fromAttempts`.
   */
  async claim(orderId: string, nodeId: string, c: NodeClaim): Promise<boolean> {
    const raw = await this.query(
      `UPDATE node_order SET state = 'launching', attempts = ?, launch_key = ?, started_at = ?, finished_at = NULL, deadline_at = ?,
         polls = 0, attrs = NULL, message = ?, error = NULL, version = version + 1
       WHERE order_id = ? AND node_id = ? AND state = ? AND attempts = ?`,
      [c.attempt, c.launchKey, c.startedAt, c.deadlineAt, c.message, orderId, nodeId, c.from, c.fromAttempts],
    );
    return affected(raw) === 1;
  }

  /** Ends the current attempt (succeeded or failed), if the row is still on it. */
  async finish(orderId: string, nodeId: string, f: NodeFinish): Promise<boolean> {
    const sets = ['state = ?', 'message = ?', 'error = ?', 'finished_at = ?', 'version = version + 1'];
    const values: unknown[] = [f.state, f.message, f.error, f.finishedAt];
    for (const [column, value] of [['attrs', f.attrs], ['outputs', f.outputs], ['result', f.result]] as const) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(JSON.stringify(value));
    }
    let where = 'order_id = ? AND node_id = ? AND state IN (?) AND attempts = ?';
    values.push(orderId, nodeId, f.from, f.attempts);
    if (f.polls !== undefined) {
      where += ' AND polls = ?';
      values.push(f.polls);
    }
    return affected(await this.query(`UPDATE node_order SET ${sets.join(', ')} WHERE ${where}`, values)) === 1;
  }

  /**
   * Ends the current attempt as succeeded and, if this call won, reads the progress of
   * `read` (the nodes that decide what runs next) — one round trip (a stored procedure).
   * Returns undefined when the compare-and-set lost.
   */
  async succeedAndRead(orderId: string, nodeId: string, f: Omit<NodeFinish, 'state' | 'error'>, read: string[]): Promise<NodeProgress[] | undefined> {
    const text = (v: Record<string, unknown> | undefined): string | null => (v === undefined ? null : JSON.stringify(v));
    const sets: unknown[] = await this.query('CALL node_succeed_and_read(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      orderId,
      nodeId,
      f.from.join(','),
      f.attempts,
      f.polls ?? null,
      f.message,
      f.finishedAt,
      text(f.attrs),
      text(f.outputs),
      text(f.result),
      JSON.stringify(read),
    ]);
    const won = Number((sets[0] as Array<{ won: number }>)[0]?.won ?? 0) === 1;
    if (!won) return undefined;
    return (sets[1] as Array<{ node_id: string; state: NodeState; attempts: number }>).map((r) => ({ nodeId: r.node_id, state: r.state, attempts: Number(r.attempts) }));
  }

  /**
   * Ends the current attempt as succeeded AND starts the dependants that made ready, in
   * one transaction (stored procedure `node_succeed_and_start`, migration 6): one round trip
   * and one commit. `level1` are the node's successors, `level2` the successors of the gates
   * among them. Undefined when the compare-and-set lost. Each level is sent sorted by id:
   * every finisher locks candidates in the same order. A deadlock (a node that is level 1
   * for one finisher and level 2 for another, or the slow path's UPDATE) rolls everything
   * back: retried.
   */
  async succeedAndStart(orderId: string, nodeId: string, f: Omit<NodeFinish, 'state' | 'error'>, level1: StartCandidate[], level2: StartCandidate[]): Promise<SucceedAndStartResult | undefined> {
    const text = (v: Record<string, unknown> | undefined): string | null => (v === undefined ? null : JSON.stringify(v));
    const candidates = (list: StartCandidate[]): string =>
      JSON.stringify([...list].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0)).map((c) => ({ id: c.nodeId, gate: c.gate ? 1 : 0, deps: c.dependsOn })));
    const values = [orderId, nodeId, f.from.join(','), f.attempts, f.polls ?? null, f.message, f.finishedAt, text(f.attrs), text(f.outputs), text(f.result), candidates(level1), candidates(level2)];
    for (let attempt = 1; ; attempt++) {
      try {
        const sets = await this.query<unknown[]>('CALL node_succeed_and_start(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', values);
        const head = (sets[0] as Array<{ won: number; blocked: number; started: string | null }>)[0];
        if (Number(head?.won ?? 0) !== 1) return undefined;
        const started = head!.started ? (JSON.parse(head!.started) as Array<{ id: string; gate: number | string; attempts: number | string }>) : [];
        return {
          blocked: Number(head!.blocked) === 1,
          // Gates were settled (attempts + 1); the others queued (attempts unchanged). MariaDB's
          // JSON_OBJECT writes the procedure's INT variable as a string ("1"), hence Number():
          // comparing with `=== 1` once sent every settled gate a job of its own.
          started: started.map((r) =>
            Number(r.gate) === 1 ? { nodeId: r.id, state: 'succeeded', attempts: Number(r.attempts) + 1 } : { nodeId: r.id, state: 'queued', attempts: Number(r.attempts) },
          ),
        };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 5 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw error;
      }
    }
  }

  /** Whether any node of the order is still to run (the order may close when none is). */
  async anyUnfinished(orderId: string): Promise<boolean> {
    const rows: unknown[] = await this.query(
      "SELECT 1 FROM node_order WHERE order_id = ? AND state IN ('pending', 'queued', 'launching', 'waiting') LIMIT 1",
      [orderId],
    );
    return rows.length > 0;
  }

  /**
   * Starts ready nodes in ONE statement: gates (no plugin) succeed at once, the others
   * become `queued`. Each row moves only if it is still `pending`, so racing finishers
   * or the reconciler cannot move a node twice. Returns how many rows moved.
   */
  async start(orderId: string, gateIds: string[], workIds: string[], now: Date): Promise<number> {
    const ids = [...gateIds, ...workIds];
    if (ids.length === 0) return 0;
    const gates = gateIds.length > 0 ? gateIds : [''];
    const raw = await this.query(
      `UPDATE node_order SET
         state = IF(node_id IN (?), 'succeeded', 'queued'),
         attempts = IF(node_id IN (?), attempts + 1, attempts),
         queued_at = ?,
         started_at = IF(node_id IN (?), ?, started_at),
         finished_at = IF(node_id IN (?), ?, finished_at),
         message = IF(node_id IN (?), 'inputs and dependencies ready', message),
         version = version + 1
       WHERE order_id = ? AND node_id IN (?) AND state = 'pending'`,
      [gates, gates, now, gates, now, gates, now, gates, orderId, ids],
    );
    return affected(raw);
  }
}
