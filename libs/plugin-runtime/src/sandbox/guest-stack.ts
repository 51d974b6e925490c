import { SourceMap } from 'node:module';
import { bootstrapFileName, bundleFileName } from './guest-bootstrap.js';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface MappedStack {
  /** The plugin's own frames, rewritten to package files (`at launch (src/index.ts:12:11)`). */
  frames: string[];
  /** The innermost frame inside the plugin's own code: where it failed. */
  location?: SourceLocation;
}

const framePattern = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * Rewrites a guest stack trace from bundle positions to the plugin's source files, so an
 * operator sees `src/index.ts:12:11` rather than a line of generated code. Frames of the
 * sandbox bootstrap are dropped: they are ours, not the plugin's.
 */
export function mapGuestStack(stack: string, sourceMap: SourceMap | undefined): MappedStack {
  const frames: string[] = [];
  let location: SourceLocation | undefined;
  for (const line of stack.split('\n')) {
    const match = framePattern.exec(line);
    if (!match) continue;
    const [, fn, file, lineText, columnText] = match;
    if (file === bootstrapFileName) continue;
    let where: SourceLocation = { file: file ?? '?', line: Number(lineText), column: Number(columnText) };
    if (file === bundleFileName && sourceMap) {
      const origin = sourceMap.findOrigin(where.line, where.column);
      if ('fileName' in origin) where = { file: origin.fileName, line: origin.lineNumber, column: origin.columnNumber };
    }
    location ??= where;
    const at = `${where.file}:${where.line}:${where.column}`;
    frames.push(fn ? `    at ${fn} (${at})` : `    at ${at}`);
  }
  return { frames, location };
}

export const parseSourceMap = (json: string): SourceMap => new SourceMap(JSON.parse(json) as ConstructorParameters<typeof SourceMap>[0]);
