import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { MIGRATIONS } from './migrations/migration-list.js';
import type { StoreDialect } from './store.js';

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const SQLITE_BUSY_ATTEMPTS = 5;
const SQLITE_BUSY_RETRY_MS = 100;

/**
 * Runs pending migrations; returns the names applied by this call. Safe when two processes start at once:
 * on PostgreSQL, Kysely's migrator holds an advisory lock and runs each migration in a transaction.
 */
export async function runMigrations(db: Kysely<Database>, dialect: StoreDialect): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const { error, results } = dialect === 'sqlite' ? await migrateSqlite(db) : await migrateToLatest(db);
    if (error === undefined) {
      return (results ?? [])
        .filter((result) => result.status === 'Success')
        .map((result) => result.migrationName);
    }
    if (dialect === 'sqlite' && isSqliteBusy(error) && attempt < SQLITE_BUSY_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, SQLITE_BUSY_RETRY_MS * attempt));
      continue;
    }
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const subject = failed === undefined ? 'Database migration' : `Database migration ${failed}`;
    const detail = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`${subject} failed: ${detail}`, { cause: error });
  }
}

function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } }).migrateToLatest();
}

/**
 * Kysely's SQLite migration lock is a no-op and it runs migrations outside a transaction, so two processes
 * could both apply one. Wrapping the whole run in BEGIN IMMEDIATE on one connection takes SQLite's write
 * lock first: the other process waits (busy_timeout) and then finds nothing pending. A failed migration
 * also rolls back whole, since SQLite DDL is transactional.
 */
async function migrateSqlite(db: Kysely<Database>): Promise<MigrationResultSet> {
  return db.connection().execute(async (connection) => {
    try {
      await sql`begin immediate`.execute(connection);
    } catch (error) {
      return { error };
    }
    const resultSet = await migrateToLatest(connection);
    await sql.raw(resultSet.error === undefined ? 'commit' : 'rollback').execute(connection);
    return resultSet;
  });
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
