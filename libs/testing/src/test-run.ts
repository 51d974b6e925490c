import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { connectNats, deleteRedisKeys, deleteStreamsWithPrefix } from '@appmanager/messaging';
import { dropDatabasesWithPrefix } from '@appmanager/persistence';

/**
 * One isolated slice of the shared infrastructure for one test file: its own database
 * names, Redis key prefix, NATS subjects/streams and storage directory, all derived
 * from a random id, and removed again by `cleanup()`.
 */
export interface TestRun {
  id: string;
  env: Record<string, string>;
  storageDir: string;
  cleanup(): Promise<void>;
}

export function createTestRun(label = 't'): TestRun {
  const id = `${label.replace(/[^a-z0-9]/g, '').slice(0, 6) || 't'}${randomBytes(4).toString('hex')}`;
  const storageDir = mkdtempSync(join(tmpdir(), `appmanager-${id}-`));
  const processDir = join(storageDir, 'processes');
  const env = {
    DB_PREFIX: id,
    REDIS_PREFIX: id,
    NATS_PREFIX: id,
    STORAGE_DIR: storageDir,
    // The local cluster's processes, their logs and work dirs belong to the run too.
    PROCESS_DATA_DIR: processDir,
    PROCESS_WORK_ROOT: join(storageDir, 'work'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
  return {
    id,
    env,
    storageDir,
    cleanup: async () => {
      stopRunProcesses(processDir);
      const config = loadConfig(infraEnvSchema, { ...process.env, ...env });
      await dropDatabasesWithPrefix(config, id).catch(() => undefined);
      await deleteRedisKeys(config.REDIS_URL, `${id}:*`);
      const nc = await connectNats(config.NATS_URL, `cleanup-${id}`);
      try {
        await deleteStreamsWithPrefix(nc, id);
      } finally {
        await nc.close();
      }
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/**
 * Components deployed to the local cluster run detached (they outlive the supervisor by
 * design), so a test run stops the process groups its supervisor recorded.
 */
function stopRunProcesses(processDir: string): void {
  let files: string[] = [];
  try {
    files = readdirSync(join(processDir, 'state')).filter((f) => f.endsWith('.json'));
  } catch {
    return;
  }
  for (const file of files) {
    try {
      const { pid } = JSON.parse(readFileSync(join(processDir, 'state', file), 'utf8')) as { pid?: number | null };
      if (pid) process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
