import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** State letter and process group of a process from /proc/<pid>/stat, or undefined when it is gone. */
function procStat(pid: string | number): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: read after the last ')'.
    const [state, , pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state!, pgrp: Number(pgrp) };
  } catch {
    return undefined;
  }
}

/**
 * Whether any process of the group led by `pgid` is still running. Zombies do not
 * count: a re-adopted process is no longer our child, and an init that reaps slowly
 * would otherwise make a dead process look alive (signal 0 succeeds on a zombie).
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(name);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') return true;
  }
  return false;
}

/**
 * Whether `pid` is still the process the supervisor started: alive AND running the same
 * argv. A bare pid check is not enough — after a reboot or a long outage the number may
 * belong to something else, and signalling that would be a serious bug.
 */
export async function isSameProcess(pid: number, argv: readonly string[]): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline === `${argv.join('\0')}\0`;
  } catch {
    return false;
  }
}

/** Sends a signal to the whole group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
