import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * The command runs under a tiny POSIX shell that records its exit code in a file: a
 * supervisor restarted after the process ended (it is no longer the parent then) still
 * learns how it ended. `trap : TERM INT` keeps the shell alive until the command it
 * waits for has ended, so a TERM to the group still lets it write the code; the trap is
 * not inherited (a caught signal resets to default in the child).
 */
const wrapperScript = 'f=$1; shift; trap : TERM INT; "$@"; c=$?; printf %s "$c" > "$f"; exit "$c"';
const wrapperName = 'appmanager-process';

export function wrapperArgv(exitFile: string, command: string[]): string[] {
  return ['/bin/sh', '-c', wrapperScript, wrapperName, exitFile, ...command];
}

export interface SpawnedProcess {
  child: ChildProcess;
  pid: number;
  argv: string[];
}

/**
 * Starts a process in its own session and process group (detached), writing stdout and
 * stderr straight to the log file: it holds no pipe to the supervisor, so it survives a
 * supervisor restart, and a stop signals the whole group (the command's children too).
 */
export function spawnDetached(options: { command: string[]; cwd: string; env: Record<string, string>; logFile: string; exitFile: string }): SpawnedProcess {
  const argv = wrapperArgv(options.exitFile, options.command);
  const fd = openSync(options.logFile, 'a');
  try {
    writeSync(fd, `--- ${new Date().toISOString()} appmanager: starting ${JSON.stringify(options.command)}\n`);
    const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
    // Without a listener an async spawn error would crash the supervisor; the exit handler reports it.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${argv[0]}`);
    return { child, pid: child.pid, argv };
  } finally {
    closeSync(fd);
  }
}
