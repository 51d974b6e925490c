import { infraEnvSchema, loadConfig } from '@appmanager/config';
import { rootLogger } from '@appmanager/logging';
import { connectServiceDatabase, deploymentSchema, migrateServiceDatabase, serviceDatabaseName } from '@appmanager/persistence';

/**
 * The deployment service and its workers share one database and start together (tests,
 * the bench, `npm start`). Two processes running the first migrations at once make the
 * loser fail on "table already exists", and start-up treats a failed migration as fatal.
 * So each deployment process migrates first under a MySQL named lock: the second waits,
 * then finds nothing pending. If MySQL is not reachable yet, this step is skipped and
 * start-up's own retry takes over. (Belongs in bootstrap for every service; kept here
 * because these are the processes that share a schema.)
 */
export async function migrateUnderLock(): Promise<void> {
  let config;
  let db;
  try {
    config = loadConfig(infraEnvSchema);
    db = await connectServiceDatabase(config, deploymentSchema);
  } catch {
    return; // bad config or MySQL down: start-up reports or retries it
  }
  const lock = `${serviceDatabaseName(config.DB_PREFIX, deploymentSchema.service)}.migrations`;
  // A named lock belongs to the pool connection that took it; closing the pool releases it.
  try {
    await db.query('SELECT GET_LOCK(?, 120)', [lock]);
    await migrateServiceDatabase(db);
  } catch (error) {
    rootLogger().warn({ err: error }, 'migrating under a lock failed; start-up migrates again');
  } finally {
    await db.destroy();
  }
}
