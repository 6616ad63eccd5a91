import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store, StoreDialect } from '../../src/store/store.js';
import { createPostgresTestDatabase, POSTGRES_SKIP_MESSAGE } from './postgres-database.js';

/** A fresh, unmigrated store on its own database, and a way to open more stores on that same database. */
export interface StoreSubject {
  store: Store;
  /** Where the database is, as `openStore` takes it: for tests that reach it without a Store. */
  location: { databaseUrl: string | null; dataDir: string };
  /** Another Store on the same database, as a second process (the CLI, another instance) would have. */
  openAnother(): Promise<Store>;
  /** Closes every store it opened and removes the database. */
  dispose(): Promise<void>;
}

export interface StoreDialectCase {
  dialect: StoreDialect;
  /** Null when the database server is unreachable and the tests should skip. */
  open(): Promise<StoreSubject | null>;
}

export async function openSqliteSubject(): Promise<StoreSubject> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'opt-store-'));
  return trackStores({ databaseUrl: null, dataDir }, () => rm(dataDir, { recursive: true, force: true }));
}

export async function openPostgresSubject(): Promise<StoreSubject | null> {
  const database = await createPostgresTestDatabase();
  if (database === null) return null;
  return trackStores({ databaseUrl: database.url, dataDir: tmpdir() }, () => database.drop());
}

export const storeDialectCases: StoreDialectCase[] = [
  { dialect: 'sqlite', open: openSqliteSubject },
  { dialect: 'postgres', open: openPostgresSubject },
];

async function trackStores(
  location: StoreSubject['location'],
  removeDatabase: () => Promise<void>,
): Promise<StoreSubject> {
  const opened: Store[] = [];
  const openTracked = async () => {
    const store = await openStore(location);
    opened.push(store);
    return store;
  };
  const store = await openTracked();
  return {
    store,
    location,
    openAnother: openTracked,
    async dispose() {
      await Promise.all(opened.map((each) => each.close()));
      await removeDatabase();
    },
  };
}

/**
 * Gives each test of the enclosing suite a fresh database (migrated unless `migrate: false`), disposed after
 * it. Skips the test, naming OPT_TEST_DATABASE_URL, when PostgreSQL is unreachable outside CI.
 */
export function useStoreSubject(
  dialectCase: StoreDialectCase,
  options: { migrate?: boolean } = {},
): () => StoreSubject {
  let current: StoreSubject | null = null;
  beforeEach(async (context) => {
    const opened = await dialectCase.open();
    if (opened === null) return context.skip(POSTGRES_SKIP_MESSAGE);
    current = opened;
    if (options.migrate !== false) await opened.store.migrate();
  });
  afterEach(async () => {
    await current?.dispose();
    current = null;
  });
  return () => {
    if (current === null) throw new Error('useStoreSubject: no subject outside a test');
    return current;
  };
}
