import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.js';
import type { StoreDialect, StoreLogger } from './store.js';

export interface DatabaseConnection {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** The raw SQLite handle, for the few statements too hot for the query builder; null on PostgreSQL. */
  sqlite: BetterSqlite3.Database | null;
}

const POSTGRES_INT8_OID = 20;
const SQLITE_FILE_NAME = 'opt.db';
const CONNECT_TIMEOUT_MS = 10_000;

/** Opens Kysely over SQLite (no URL) or a pg pool (postgres:// URL). */
export async function connectDatabase(
  databaseUrl: string | null,
  dataDir: string,
  logger: StoreLogger,
): Promise<DatabaseConnection> {
  if (databaseUrl === null) {
    const sqlite = openSqliteFile(dataDir);
    return {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
      dialect: 'sqlite',
      sqlite,
    };
  }
  if (/^postgres(ql)?:\/\//i.test(databaseUrl))
    return { db: await connectPostgres(databaseUrl, logger), dialect: 'postgres', sqlite: null };
  // Only the scheme: the rest of the URL may hold a password.
  const scheme = databaseUrl.split(':', 1)[0] ?? '';
  throw new Error(`Unsupported database URL scheme "${scheme}:"; expected postgres:// or postgresql://.`);
}

function openSqliteFile(dataDir: string): BetterSqlite3.Database {
  mkdirSync(dataDir, { recursive: true });
  const database = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME));
  // WAL lets the CLI and the server share the file; busy_timeout makes a writer wait instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return database;
}

async function connectPostgres(connectionString: string, logger: StoreLogger): Promise<Kysely<Database>> {
  // Loaded only in PostgreSQL mode: the driver is ~15 MB of resident memory an SQLite gateway never uses.
  const { default: pg } = await import('pg');
  // Per-pool parsers rather than pg.types: bigint ms timestamps and counts come back as numbers
  // without changing how any other pg user in the process parses int8.
  const types = new pg.TypeOverrides();
  types.setTypeParser(POSTGRES_INT8_OID, Number);
  // A bounded connect wait makes a failed usage flush reject (and retry) instead of hanging forever.
  const pool = new pg.Pool({ connectionString, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => logger.warn({ error: error.message }, 'idle PostgreSQL connection failed'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
