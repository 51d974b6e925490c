import { readFile } from 'node:fs/promises';

/** Whether any process of the group led by `pgid` still exists (signal 0 probes without signalling). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
