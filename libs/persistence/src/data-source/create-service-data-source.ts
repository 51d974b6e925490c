import { createConnection } from 'mysql2/promise';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { rootLogger } from '@appmanager/logging';
import { serviceDatabaseName } from './database-name.js';

export interface MysqlSettings {
  MYSQL_HOST: string;
  MYSQL_PORT: number;
  MYSQL_USER: string;
  MYSQL_PASSWORD: string;
  DB_PREFIX: string;
}

export interface ServiceSchema {
  service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
  migrations: MixedList<Function | string>;
}

/**
 * Opens a service's own database and applies its migrations (never `synchronize`).
 * Safe to run from several replicas at once: CREATE DATABASE IF NOT EXISTS is
 * idempotent and TypeORM's migrations table records what ran.
 */
export async function openServiceDatabase(settings: MysqlSettings, schema: ServiceSchema): Promise<DataSource> {
  const dataSource = await connectServiceDatabase(settings, schema);
  await migrateServiceDatabase(dataSource);
  return dataSource;
}

/**
 * Connects to a service's own database, creating it on first start. Failing here means
 * MySQL is not reachable (worth retrying); failing in migrations is a bug or a damaged
 * schema (not worth retrying), which is why the two are separate steps.
 */
export async function connectServiceDatabase(settings: MysqlSettings, schema: ServiceSchema): Promise<DataSource> {
  const database = serviceDatabaseName(settings.DB_PREFIX, schema.service);
  const admin = await createConnection({
    host: settings.MYSQL_HOST,
    port: settings.MYSQL_PORT,
    user: settings.MYSQL_USER,
    password: settings.MYSQL_PASSWORD,
    connectTimeout: 3_000,
  });
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource({
    type: 'mysql',
    host: settings.MYSQL_HOST,
    port: settings.MYSQL_PORT,
    username: settings.MYSQL_USER,
    password: settings.MYSQL_PASSWORD,
    database,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: 10,
    connectTimeout: 3_000,
    timezone: 'Z',
    dateStrings: false,
    logging: ['error'],
  });
  await dataSource.initialize();
  return dataSource;
}

/**
 * Applies pending migrations; a failure names the database and the migration's own
 * error. Several processes share a schema and start together (a service and its
 * workers, replicas), so migrations run under a MySQL named lock held on a dedicated
 * connection: the others wait for it, then find nothing pending.
 */
export async function migrateServiceDatabase(dataSource: DataSource, lockTimeoutSeconds = 300): Promise<void> {
  const database = String(dataSource.options.database);
  const lock = `${database}.migrations`;
  const holder = dataSource.createQueryRunner();
  await holder.connect();
  try {
    const [row] = (await holder.query('SELECT GET_LOCK(?, ?) AS taken', [lock, lockTimeoutSeconds])) as Array<{ taken: number | null }>;
    if (Number(row?.taken) !== 1) throw new Error(`another process held the migration lock of ${database} for over ${lockTimeoutSeconds}s`);
    const applied = await dataSource.runMigrations();
    if (applied.length > 0) {
      rootLogger().info({ database, migrations: applied.map((m) => m.name) }, 'applied database migrations');
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migrations of database ${database} failed: ${reason} (MySQL DDL is not transactional: inspect the schema_migrations table and the tables it names)`);
  } finally {
    await holder.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
    await holder.release();
  }
}

/** Reachability check for /readyz. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}

/** For tests and uninstall: drop every database that belongs to a prefix. */
export async function dropDatabasesWithPrefix(settings: Omit<MysqlSettings, 'DB_PREFIX'>, prefix: string): Promise<string[]> {
  const admin = await createConnection({ host: settings.MYSQL_HOST, port: settings.MYSQL_PORT, user: settings.MYSQL_USER, password: settings.MYSQL_PASSWORD });
  try {
    const [rows] = await admin.query('SHOW DATABASES');
    const names = (rows as Array<Record<string, string>>).map((r) => Object.values(r)[0] ?? '').filter((n) => n.startsWith(`${prefix}_`));
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    return names;
  } finally {
    await admin.end();
  }
}
