import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { serviceNodeFlags } from '@appmanager/config';

export interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Entry points of every service process, relative to the repository root. */
export const serviceEntryPoints = {
  gateway: 'apps/gateway/dist/main.js',
  'plugin-registry': 'apps/plugin-registry/dist/main.js',
  packaging: 'apps/packaging/dist/main.js',
  'packaging-worker': 'apps/packaging/dist/worker.main.js',
  deployment: 'apps/deployment/dist/main.js',
  'deployment-worker': 'apps/deployment/dist/worker.main.js',
  workflow: 'apps/workflow/dist/main.js',
  addon: 'apps/addon/dist/main.js',
  'status-watch': 'apps/status-watch/dist/main.js',
  'process-supervisor': 'apps/process-supervisor/dist/main.js',
} as const;
export type ServiceEntry = keyof typeof serviceEntryPoints;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a service as its own OS process, the way the stack runner does. */
export async function startServiceProcess(name: ServiceEntry, repoRoot: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  let output = '';
  const child = spawn(process.execPath, [...serviceNodeFlags, resolve(repoRoot, serviceEntryPoints[name])], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    name,
    port,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolveExit) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveExit(child.exitCode);
        child.once('exit', (code) => resolveExit(code));
        child.kill(signal);
      }),
  };
}

/** Polls a URL until it answers 200 (or the deadline passes, then throws with the process output). */
export async function waitForHttp(url: string, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs}ms (last: ${last})\n${describe()}`);
}

/** Polls until `check` returns a value (not undefined). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
