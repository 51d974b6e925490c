import type { DataSource } from 'typeorm';
import type { NodeState } from '@appmanager/contracts';
import { GroupCommit, type GroupCommitLimits } from '../common/group-commit.js';
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
  execute(sql: string, values: unknown[], cb: (error: Error | null, result: unknown) => void): void;
}

interface ClaimRequest {
  orderId: string;
  nodeId: string;
  claim: NodeClaim;
}

interface SuccessRequest {
  orderId: string;
  nodeId: string;
  finish: Omit<NodeFinish, 'state' | 'error'>;
  level1: StartCandidate[];
  level2: StartCandidate[];
}

/**
 * Calls of each kind in flight per process (the deployment service passes
 * DEPLOY_DB_CALLS_IN_FLIGHT, 4): enough to keep MySQL busy, few enough that a busy
 * worker's claims and successes queue up and go in batches.
 */
const defaultGroupCommit: GroupCommitLimits = { maxInFlight: 4, maxBatch: 64 };

/** DATETIME(3) text in UTC, as every time we store (the pool runs with timezone 'Z'). */
const utc = (d: Date): string => d.toISOString().slice(0, 23).replace('T', ' ');
const compareNodes = (a: { orderId: string; nodeId: string }, b: { orderId: string; nodeId: string }): number =>
  a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0;

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
  private readonly claims: GroupCommit<ClaimRequest, boolean>;
  private readonly successes: GroupCommit<SuccessRequest, SucceedAndStartResult | undefined>;

  constructor(
    private readonly dataSource: DataSource,
    limits: GroupCommitLimits = defaultGroupCommit,
  ) {
    this.claims = new GroupCommit((batch) => this.claimBatch(batch), limits);
    this.successes = new GroupCommit((batch) => this.succeedBatch(batch), limits);
    // The hot statements go straight to the mysql2 pool TypeORM owns: its query runner
    // (connect, logger, broadcaster, result wrapping) cost more CPU than the statement.
    const pool = (dataSource.driver as unknown as { pool?: RawPool }).pool;
    this.pool = pool && typeof pool.query === 'function' && typeof pool.execute === 'function' ? pool : undefined;
  }

  private query<T = unknown>(sql: string, values: unknown[]): Promise<T> {
    const pool = this.pool;
    if (!pool) return this.dataSource.query(sql, values);
    return new Promise((resolve, reject) => pool.query(sql, values, (error, result) => (error ? reject(error) : resolve(result as T))));
  }

  /**
   * A CALL of a batch procedure as a prepared statement (binary protocol, prepared once per
   * connection): its JSON arguments travel as they are, not escaped into SQL text that
   * MariaDB then has to lex again, a cost that grows with the batch. String arguments only.
   */
  private call(sql: string, values: string[]): Promise<unknown[]> {
    const pool = this.pool;
    if (!pool) return this.dataSource.query(sql, values);
    return new Promise((resolve, reject) => pool.execute(sql, values, (error, result) => (error ? reject(error) : resolve(result as unknown[]))));
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
   * the deadline BEFORE any plugin call (the promise settles after the commit). Wins only
   * if the row is still in `from` on `fromAttempts`. Claims made together go to MySQL in
   * one call (group commit, procedure `node_claim_batch`).
   */
  claim(orderId: string, nodeId: string, c: NodeClaim): Promise<boolean> {
    return this.claims.submit({ orderId, nodeId, claim: c });
  }

  private async claimBatch(batch: ClaimRequest[]): Promise<boolean[]> {
    if (batch.length === 1) return [await this.claimOne(batch[0]!)];
    // One lock order for every batch: by order, then node.
    const order = batch.map((_, i) => i).sort((a, b) => compareNodes(batch[a]!, batch[b]!));
    const claims = order.map((i) => {
      const { orderId, nodeId, claim: c } = batch[i]!;
      return { o: orderId, n: nodeId, from: c.from, fromAttempts: c.fromAttempts, attempt: c.attempt, key: c.launchKey, started: utc(c.startedAt), deadline: utc(c.deadlineAt), message: c.message };
    });
    const sets = await this.retryDeadlocks(() => this.call('CALL node_claim_batch(?)', [JSON.stringify(claims)]));
    const won = String((sets[0] as Array<{ won: string }>)[0]?.won ?? '');
    const results = new Array<boolean>(batch.length);
    order.forEach((i, k) => (results[i] = won[k] === '1'));
    return results;
  }

  /** A batch of one: the plain compare-and-set UPDATE (autocommit), cheaper than the procedure. */
  private async claimOne({ orderId, nodeId, claim: c }: ClaimRequest): Promise<boolean> {
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
   * one transaction: `level1` are the node's successors, `level2` the successors of the
   * gates among them. Undefined when the compare-and-set lost. Successes made together go
   * to MySQL in one call (group commit, procedure `node_succeed_and_start_batch`, which
   * locks candidates in one sorted order, so two finishers of one dependant start it
   * exactly once); each caller gets the nodes it started and the ones it found blocked.
   */
  succeedAndStart(orderId: string, nodeId: string, f: Omit<NodeFinish, 'state' | 'error'>, level1: StartCandidate[], level2: StartCandidate[]): Promise<SucceedAndStartResult | undefined> {
    return this.successes.submit({ orderId, nodeId, finish: f, level1, level2 });
  }

  private async succeedBatch(batch: SuccessRequest[]): Promise<Array<SucceedAndStartResult | undefined>> {
    const order = batch.map((_, i) => i).sort((a, b) => compareNodes(batch[a]!, batch[b]!));
    const items = order.map((i) => {
      const { orderId, nodeId, finish: f } = batch[i]!;
      return { o: orderId, n: nodeId, from: f.from.join(','), attempts: f.attempts, polls: f.polls, message: f.message, finished: utc(f.finishedAt), attrs: f.attrs, outputs: f.outputs, result: f.result };
    });
    const levels = (pick: (r: SuccessRequest) => StartCandidate[]): string => {
      const unique = new Map<string, { o: string; id: string; gate: number; deps: string[] }>();
      for (const r of batch) for (const c of pick(r)) unique.set(`${r.orderId}|${c.nodeId}`, { o: r.orderId, id: c.nodeId, gate: c.gate ? 1 : 0, deps: c.dependsOn });
      return JSON.stringify([...unique.values()].sort((a, b) => compareNodes({ orderId: a.o, nodeId: a.id }, { orderId: b.o, nodeId: b.id })));
    };
    const sets = await this.retryDeadlocks(() =>
      this.call('CALL node_succeed_and_start_batch(?, ?, ?)', [JSON.stringify(items), levels((r) => r.level1), levels((r) => r.level2)]),
    );
    const head = (sets[0] as Array<{ won: string; started: string; blocked: string }>)[0];
    const won = String(head?.won ?? '');
    const results = new Array<SucceedAndStartResult | undefined>(batch.length);
    order.forEach((i, k) => (results[i] = won[k] === '1' ? { blocked: false, started: [] } : undefined));
    // Each started / blocked node goes to the first winner that listed it as a candidate.
    const owner = (o: string, id: string): SucceedAndStartResult | undefined => {
      const i = batch.findIndex((r, j) => results[j] !== undefined && r.orderId === o && (r.level1.some((c) => c.nodeId === id) || r.level2.some((c) => c.nodeId === id)));
      return i >= 0 ? results[i] : undefined;
    };
    for (const r of JSON.parse(head?.started ?? '[]') as Array<{ o: string; id: string; gate: number | string; attempts: number | string }>) {
      // MariaDB's JSON_OBJECT writes the procedure's INT variables as strings ("1"), hence Number().
      const gate = Number(r.gate) === 1;
      owner(r.o, r.id)?.started.push(gate ? { nodeId: r.id, state: 'succeeded', attempts: Number(r.attempts) + 1 } : { nodeId: r.id, state: 'queued', attempts: Number(r.attempts) });
    }
    for (const r of JSON.parse(head?.blocked ?? '[]') as Array<{ o: string; id: string }>) {
      const result = owner(r.o, r.id);
      if (result) result.blocked = true;
    }
    return results;
  }

  /** A deadlock (or lock wait timeout) rolled the whole call back: run it again. */
  private async retryDeadlocks<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 5 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw error;
      }
    }
  }

  /**
   * A mark that changes whenever any node of the order moves (every move bumps its row's
   * `version`, so the sum only grows): the reconciler leaves an order alone while it does.
   */
  async progressMark(orderId: string): Promise<string> {
    const rows: Array<{ n: number | string; v: number | string | null }> = await this.query(
      'SELECT COUNT(*) AS n, SUM(version) AS v FROM node_order WHERE order_id = ?',
      [orderId],
    );
    return `${rows[0]?.n ?? 0}:${rows[0]?.v ?? 0}`;
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
