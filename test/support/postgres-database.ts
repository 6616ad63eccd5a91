import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Shown when PostgreSQL tests are skipped outside CI. */
export const POSTGRES_SKIP_MESSAGE =
  'PostgreSQL is unreachable; set OPT_TEST_DATABASE_URL (default ' +
  `${DEFAULT_TEST_DATABASE_URL}) to a server where the user may CREATE DATABASE`;

export interface PostgresTestDatabase {
  /** URL of a fresh, empty database `opt_test_<random hex>`. */
  url: string;
  /** Terminates its connections and drops it. */
  drop(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;
// Remembered per test file so an unreachable server costs one timeout, not one per test.
let unreachable = false;

/**
 * Creates an isolated database on the server at OPT_TEST_DATABASE_URL. Returns null when the server is
 * unreachable so the caller can skip, except under CI=true, where skipping would prove nothing: it throws.
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase | null> {
  const adminUrl = process.env.OPT_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  if (unreachable) return null;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and ${POSTGRES_SKIP_MESSAGE}`, { cause: error });
    }
    unreachable = true;
    return null;
  }
  const name = `opt_test_${randomBytes(6).toString('hex')}`;
  try {
    // The name is generated hex, so quoting it as an identifier is safe; DDL cannot take parameters.
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await admin.connect();
  try {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  } finally {
    await admin.end();
  }
}
