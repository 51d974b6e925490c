import { copyFile, open, stat, truncate } from 'node:fs/promises';

/** Longest line returned by a tail: 1,000 lines must fit a NATS message (1 MiB). */
export const maxLineLength = 500;
/** How much of the end of a file a tail reads: enough for 1,000 ordinary lines. */
const tailWindowBytes = 512 * 1024;

/**
 * Size-capped rotation without the process's help ("copytruncate"): the process holds
 * its log open in append mode, so the supervisor copies the file to `.1` and truncates
 * it; the next write lands at the new end. Lines written between copy and truncate are
 * lost — acceptable for a tail meant for operators, documented in the ADR.
 */
export async function rotateIfLarger(path: string, maxBytes: number): Promise<boolean> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size <= maxBytes) return false;
  await copyFile(path, `${path}.1`);
  await truncate(path, 0);
  return true;
}

/** The last `count` lines of the log (reaching into the rotated file when the current one is short). */
export async function tailLines(path: string, count: number): Promise<string[]> {
  const current = await lastLines(path, count);
  if (current.length >= count) return current;
  const previous = await lastLines(`${path}.1`, count - current.length);
  return [...previous, ...current];
}

async function lastLines(path: string, count: number): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, tailWindowBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // The window may start mid-line: drop that partial first line unless it is the file's start.
    if (length < size) lines.shift();
    return lines.slice(-count).map((line) => (line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line));
  } finally {
    await handle.close();
  }
}
