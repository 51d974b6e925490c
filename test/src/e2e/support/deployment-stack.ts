import { randomInt } from 'node:crypto';
import { deleteRedisKeys } from '@appmanager/messaging';
import { eventually, startServiceProcess, waitForHttp, type ServiceProcess } from '@appmanager/testing';
import { http, root, startStack, type Stack } from '../stack.js';
import { LaunchCounter } from './launch-counter.js';
import { uploadPlugins } from './plugin-packages.js';
import { deploymentTestPlugins } from './test-plugins.js';

export interface DeploymentStack {
  stack: Stack;
  counter: LaunchCounter;
  /** The Redis db index this run uses (never 0), so a test may FLUSHDB it. */
  redisUrl: string;
  env: Record<string, string>;
  workers: ServiceProcess[];
  startWorker(): Promise<ServiceProcess>;
  restartDeployment(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Gateway, plugin registry, deployment service and two workers as separate processes,
 * the test plugins uploaded and activated through the gateway, and fast fault settings
 * (2 s job lock, 1 s reconciler).
 */
export async function startDeploymentStack(extraEnv: Record<string, string> = {}): Promise<DeploymentStack> {
  const redisUrl = `redis://127.0.0.1:6379/${randomInt(1, 16)}`;
  const tuning = {
    REDIS_URL: redisUrl,
    DEPLOY_JOB_LOCK_MS: '2000',
    DEPLOY_RECONCILE_INTERVAL_MS: '1000',
    DEPLOY_LAUNCH_GRACE_MS: '6000',
    DEPLOY_POLL_MAX_MS: '500',
    PLUGIN_CALL_TIMEOUT_MS: '10000',
    ...extraEnv,
  };
  const stack = await startStack(['gateway', 'plugin-registry', 'deployment', 'deployment-worker'], tuning);
  const env: Record<string, string> = { ...stack.run.env, LOG_LEVEL: 'info', NATS_REQUEST_TIMEOUT_MS: '3000', ...tuning };
  const counter = new LaunchCounter();
  const workers = [stack.processes.get('deployment-worker')!];
  const startWorker = async (): Promise<ServiceProcess> => {
    const worker = await startServiceProcess('deployment-worker', root, env);
    workers.push(worker);
    await waitForHttp(`http://127.0.0.1:${worker.port}/readyz`, 60_000, () => worker.output().slice(-3000));
    return worker;
  };
  try {
    await uploadPlugins(stack.api, deploymentTestPlugins);
    await counter.start();
    await startWorker();
  } catch (error) {
    // A suite whose `before` fails never reaches `after`: leave nothing running.
    await Promise.all(workers.slice(1).map((w) => w.stop('SIGKILL')));
    await counter.stop();
    await stack.stop();
    throw error;
  }
  return {
    stack,
    counter,
    redisUrl,
    env,
    workers,
    startWorker,
    restartDeployment: async (signal = 'SIGKILL') => {
      await stack.processes.get('deployment')!.stop(signal);
      const next = await startServiceProcess('deployment', root, env);
      await waitForHttp(`http://127.0.0.1:${next.port}/readyz`, 60_000, () => next.output().slice(-3000));
      stack.processes.set('deployment', next);
    },
    stop: async () => {
      await Promise.all(workers.slice(1).map((w) => w.stop()));
      await counter.stop();
      await stack.stop();
      // The run's keys in its own Redis db (the test-run cleanup only looks at db 0).
      await deleteRedisKeys(redisUrl, `${env.REDIS_PREFIX}:*`);
    },
  };
}

/** Polls the order until it is no longer running. */
export async function finished(api: string, id: string, timeoutMs = 60_000): Promise<{ state: string; summary: string; nodes: NodeView[] }> {
  return eventually(
    async () => {
      const order = await http('GET', `${api}/v1/deployments/${id}`);
      return order.status === 200 && order.json.state !== 'running' ? order.json : undefined;
    },
    timeoutMs,
    `order ${id} to finish`,
  );
}

export interface NodeView {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  message: string | null;
  error: string | null;
  outputs: Record<string, unknown> | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A counting-plugin Application: `components` as [name, dependsOn[]] pairs. */
export function countingApp(name: string, counter: string, components: Array<[string, string[], Record<string, unknown>?]>): string {
  return JSON.stringify({
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name },
    spec: {
      components: components.map(([component, dependsOn, extra]) => ({
        name: component,
        type: 'counting',
        properties: { counter, ...(extra ?? {}) },
        ...(dependsOn.length ? { dependsOn } : {}),
      })),
    },
  });
}
