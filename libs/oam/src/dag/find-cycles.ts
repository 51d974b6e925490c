import type { Dag, DagNode } from './dag.types.js';

export interface Cycle {
  /** Node ids in order, starting at the earliest node of the cycle; the first is not repeated. */
  nodeIds: string[];
  /** "a → b → a": component names, node ids where a trait is involved. */
  text: string;
}

/** At most this many cycles are reported: one per strongly tangled region is plenty to act on. */
const MAX_CYCLES = 10;

/**
 * Kahn's algorithm peels off every node that is not on or behind a cycle; an iterative
 * depth-first search over what remains finds the cycles (no recursion: a 2,000-deep
 * chain must not exhaust the stack). Returns [] for an acyclic graph.
 */
export function findCycles(dag: Dag): Cycle[] {
  const index = new Map(dag.nodes.map((node, i) => [node.id, i]));
  const successors: number[][] = dag.nodes.map(() => []);
  const indegree = new Array<number>(dag.nodes.length).fill(0);
  for (const edge of dag.edges) {
    const from = index.get(edge.from)!;
    const to = index.get(edge.to)!;
    successors[from]!.push(to);
    indegree[to]!++;
  }
  const queue: number[] = [];
  indegree.forEach((degree, i) => degree === 0 && queue.push(i));
  for (let head = 0; head < queue.length; head++) {
    for (const next of successors[queue[head]!]!) if (--indegree[next]! === 0) queue.push(next);
  }
  if (queue.length === dag.nodes.length) return [];

  const remaining = indegree.map((degree) => degree > 0);
  const state = new Uint8Array(dag.nodes.length); // 0 new, 1 on the current path, 2 done
  const cycles: Cycle[] = [];
  for (let root = 0; root < dag.nodes.length && cycles.length < MAX_CYCLES; root++) {
    if (!remaining[root] || state[root] !== 0) continue;
    const path: number[] = [root];
    const cursor: number[] = [0];
    state[root] = 1;
    let found = false;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top]!;
      const next = successors[node]![cursor[top]!++];
      if (next === undefined) {
        state[node] = 2;
        path.pop();
        cursor.pop();
      } else if (remaining[next] && state[next] === 1 && !found) {
        cycles.push(describe(path.slice(path.indexOf(next)), dag.nodes));
        found = true;
      } else if (remaining[next] && state[next] === 0) {
        state[next] = 1;
        path.push(next);
        cursor.push(0);
      }
    }
  }
  return cycles;
}

function describe(members: number[], nodes: DagNode[]): Cycle {
  const start = members.indexOf(Math.min(...members));
  const ordered = [...members.slice(start), ...members.slice(0, start)];
  const labels: string[] = [];
  for (const i of ordered) {
    const node = nodes[i]!;
    const label = node.kind === 'trait' ? node.id : node.component;
    if (labels.at(-1) !== label) labels.push(label);
  }
  if (labels.length > 1 && labels.at(-1) === labels[0]) labels.pop();
  return { nodeIds: ordered.map((i) => nodes[i]!.id), text: `cycle: ${[...labels, labels[0]].join(' → ')}` };
}
