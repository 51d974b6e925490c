// Starts the plugin-registry as its own process on an isolated test run and talks to it
// over NATS and the shared storage directory, the way the gateway does.
import { randomUUID } from 'node:crypto';
import { LocalObjectStore, type ObjectStore } from '@appmanager/artifacts';
import { uploadPluginRpc, type RpcResponse } from '@appmanager/contracts';
import { connectNats, EventBus, RpcClient, type NatsConnection } from '@appmanager/messaging';
import { repoRoot, startServiceProcess, waitForHttp, type ServiceProcess, type TestRun } from '@appmanager/testing';

export interface RegistryHarness {
  process: ServiceProcess;
  nc: NatsConnection;
  rpc: RpcClient;
  events: EventBus;
  storage: ObjectStore;
  upload(archive: Buffer, activate?: boolean): Promise<RpcResponse<typeof uploadPluginRpc>>;
  stop(): Promise<void>;
}

export async function startRegistry(run: TestRun, extraEnv: Record<string, string> = {}): Promise<RegistryHarness> {
  const env = { ...run.env, ...extraEnv };
  const process = await startServiceProcess('plugin-registry', repoRoot(import.meta.dirname), env);
  await waitForHttp(`http://127.0.0.1:${process.port}/readyz`, 60_000, () => process.output().slice(-4000));
  const nc = await connectNats('nats://127.0.0.1:4222', `test-${env.NATS_PREFIX}`);
  const prefix = env.NATS_PREFIX!;
  const rpc = new RpcClient(nc, prefix, 30_000);
  const events = await EventBus.create(nc, prefix, 'test');
  const storage = new LocalObjectStore(env.STORAGE_DIR!);
  await storage.ensureReady();
  return {
    process,
    nc,
    rpc,
    events,
    storage,
    upload: async (archive, activate = false) => {
      const uploadKey = `uploads/${randomUUID()}.tgz`;
      await storage.put(uploadKey, archive);
      return rpc.call(uploadPluginRpc, { uploadKey, activate });
    },
    stop: async () => {
      await events.close();
      await nc.close();
      await process.stop();
    },
  };
}
