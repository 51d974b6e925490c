import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { joinPath, parentPath } from '../paths/property-path.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * Where each path of a parsed document was written. Lookups fall back to the nearest
 * ancestor, so an error about a missing key points at the mapping that lacks it.
 */
export class SourceMap {
  static readonly empty = new SourceMap(() => new Map());

  private positions: ReadonlyMap<string, SourcePosition> | undefined;

  /** Positions are computed on the first lookup: a valid document never needs them. */
  private constructor(private readonly load: () => ReadonlyMap<string, SourcePosition>) {}

  static fromYaml(root: Node | null, lineCounter: LineCounter): SourceMap {
    return new SourceMap(() => walk(root, lineCounter));
  }

  /** For input parsed elsewhere (JSON.parse): the YAML parser re-reads the text only if a position is asked for. */
  static fromText(text: string): SourceMap {
    return new SourceMap(() => {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter });
      return doc.errors.length > 0 ? new Map() : walk(doc.contents, lineCounter);
    });
  }

  /** The position of `path`, or of its nearest ancestor that was written down. */
  locate(path: string): SourcePosition | undefined {
    this.positions ??= this.load();
    let current: string | undefined = path;
    while (current !== undefined) {
      const position = this.positions.get(current);
      if (position) return position;
      current = parentPath(current);
    }
    return undefined;
  }
}

/** Walks the YAML tree once (iteratively: deep documents must not exhaust the stack). */
function walk(root: Node | null, lineCounter: LineCounter): Map<string, SourcePosition> {
  const positions = new Map<string, SourcePosition>();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const stack: { node: unknown; path: string; fallback?: number }[] = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path, fallback } = stack.pop()!;
    const offset = nodeOffset(node) ?? fallback;
    if (offset !== undefined && !positions.has(path)) positions.set(path, at(offset));
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') continue;
        stack.push({ node: pair.value, path: joinPath(path, String(key)), fallback: nodeOffset(pair.key) });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: joinPath(path, index), fallback: offset }));
    }
  }
  return positions;
}

function nodeOffset(node: unknown): number | undefined {
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return node.range?.[0];
  return undefined;
}
