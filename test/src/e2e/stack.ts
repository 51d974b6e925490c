import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRun, repoRoot, startServiceProcess, waitForHttp, type ServiceEntry, type ServiceProcess, type TestRun } from '@appmanager/testing';

export const root = repoRoot(import.meta.dirname);
export const example = (name: string): string => readFileSync(join(root, 'examples', name), 'utf8');

export interface Stack {
  run: TestRun;
  processes: Map<ServiceEntry, ServiceProcess>;
  api: string;
  stop(): Promise<void>;
}

/** Every service as its own process, isolated by a fresh test run (databases, prefixes, storage). */
export async function startStack(services: ServiceEntry[], extraEnv: Record<string, string> = {}): Promise<Stack> {
  const run = createTestRun('e2e');
  const processes = new Map<ServiceEntry, ServiceProcess>();
  const env = { ...run.env, LOG_LEVEL: 'info', NATS_REQUEST_TIMEOUT_MS: '3000', ...extraEnv };
  await Promise.all(services.map(async (name) => processes.set(name, await startServiceProcess(name, root, env))));
  try {
    await Promise.all(
      [...processes.values()].map((p) => waitForHttp(`http://127.0.0.1:${p.port}/readyz`, 90_000, () => `${p.name} output:\n${p.output().slice(-3000)}`)),
    );
  } catch (error) {
    // A suite whose `before` fails never reaches `after`: leave no processes or data behind.
    await Promise.all([...processes.values()].map((p) => p.stop('SIGKILL')));
    await run.cleanup().catch(() => undefined);
    throw error;
  }
  const gateway = processes.get('gateway');
  return {
    run,
    processes,
    api: gateway ? `http://127.0.0.1:${gateway.port}` : '',
    stop: async () => {
      await Promise.all([...processes.values()].map((p) => p.stop()));
      await run.cleanup();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
export async function http(method: string, url: string, body?: string | object, contentType = 'application/json'): Promise<{ status: number; type: string; json: any; text: string }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', json, text };
}
