import { sql } from 'kysely';
import { countAdminKeys, insertAdminKey, listAdminKeys, revokeAdminKey } from './admin-key-queries.js';
import {
  findApiKeyById,
  findApiKeyByName,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  updateApiKeyModels,
} from './api-key-queries.js';
import { connectDatabase } from './connect-database.js';
import { getKeysVersion } from './keys-version.js';
import { runMigrations } from './run-migrations.js';
import { createSqliteUsageInsert } from './sqlite-usage-insert.js';
import type { OpenStoreOptions, Store, StoreLogger } from './store.js';
import type { UsageRecord } from './store-types.js';
import { appendUsageBatch, countUsage, queryUsage } from './usage-queries.js';

const silentLogger: StoreLogger = { info() {}, warn() {}, error() {} };

/** Opens SQLite (`databaseUrl` null) or PostgreSQL. Call `migrate()` before anything else. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const { db, dialect, sqlite } = await connectDatabase(options.databaseUrl, options.dataDir, logger);
  // Prepared lazily: the table exists only after migrate().
  let sqliteUsageInsert: ((records: readonly UsageRecord[]) => number) | null = null;
  let closed = false;
  return {
    dialect,
    async migrate() {
      const applied = await runMigrations(db, dialect);
      if (applied.length > 0) logger.info({ dialect, applied }, 'database migrations applied');
      return applied;
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
    insertApiKey: (row) => insertApiKey(db, row),
    listApiKeys: (listOptions) => listApiKeys(db, listOptions),
    findApiKeyById: (id) => findApiKeyById(db, id),
    findApiKeyByName: (name) => findApiKeyByName(db, name),
    revokeApiKey: (id, atMs) => revokeApiKey(db, id, atMs),
    updateApiKeyModels: (id, models) => updateApiKeyModels(db, id, models),
    getKeysVersion: () => getKeysVersion(db),
    insertAdminKey: (row) => insertAdminKey(db, row),
    listAdminKeys: (listOptions) => listAdminKeys(db, listOptions),
    revokeAdminKey: (id, atMs) => revokeAdminKey(db, id, atMs),
    countAdminKeys: () => countAdminKeys(db),
    appendUsageBatch: async (records) => {
      if (!sqlite) return appendUsageBatch(db, records);
      sqliteUsageInsert ??= createSqliteUsageInsert(sqlite);
      return sqliteUsageInsert(records);
    },
    queryUsage: (query) => queryUsage(db, query),
    countUsage: (query) => countUsage(db, query),
  };
}
