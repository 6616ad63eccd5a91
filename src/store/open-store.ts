import { sql } from 'kysely';
import { countAdminKeys, insertAdminKey, listAdminKeys, revokeAdminKey } from './admin-key-queries.js';
import {
  findApiKeyById,
  findApiKeyByName,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  updateApiKey,
  updateApiKeyModels,
} from './api-key-queries.js';
import { appendAuditEntry, queryAudit } from './audit-queries.js';
import {
  deleteChannel,
  findChannelById,
  findChannelByName,
  getChannelsVersion,
  insertChannel,
  listChannels,
  listKeyStates,
  setKeyState,
  updateChannel,
} from './channel-queries.js';
import { connectDatabase } from './connect-database.js';
import { getKeysVersion } from './keys-version.js';
import { appendLedgerEntries, queryLedger, sumLedger } from './ledger-queries.js';
import { deletePrice, listPrices, upsertPrice } from './price-queries.js';
import { findRequestBodies, purgeRequestBodies } from './request-body-queries.js';
import { runMigrations } from './run-migrations.js';
import { createSqliteUsageInsert } from './sqlite-usage-insert.js';
import type { OpenStoreOptions, Store, StoreLogger } from './store.js';
import type { UsageRecord } from './store-types.js';
import { listTeamMembers, removeTeamMember, upsertTeamMember } from './team-member-queries.js';
import { findTeamById, findTeamByName, insertTeam, listTeams, updateTeam } from './team-queries.js';
import { appendUsageBatch, countUsage, queryUsage } from './usage-queries.js';
import { summarizeUsage } from './usage-summary-queries.js';

const silentLogger: StoreLogger = { info() {}, warn() {}, error() {} };

/** Opens SQLite (`databaseUrl` null) or PostgreSQL. Call `migrate()` before anything else. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const { db, dialect, sqlite } = await connectDatabase(options.databaseUrl, options.dataDir, logger);
  // Prepared lazily: the tables exist only after migrate().
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
    updateApiKey: (row) => updateApiKey(db, row),
    getKeysVersion: () => getKeysVersion(db),

    insertAdminKey: (row) => insertAdminKey(db, row),
    listAdminKeys: (listOptions) => listAdminKeys(db, listOptions),
    revokeAdminKey: (id, atMs) => revokeAdminKey(db, id, atMs),
    countAdminKeys: () => countAdminKeys(db),

    insertTeam: (row) => insertTeam(db, row),
    updateTeam: (row) => updateTeam(db, row),
    findTeamById: (id) => findTeamById(db, id),
    findTeamByName: (name) => findTeamByName(db, name),
    listTeams: (listOptions) => listTeams(db, listOptions),
    listTeamMembers: (teamId) => listTeamMembers(db, teamId),
    upsertTeamMember: (row) => upsertTeamMember(db, row),
    removeTeamMember: (teamId, member) => removeTeamMember(db, teamId, member),

    listPrices: () => listPrices(db),
    upsertPrice: (row) => upsertPrice(db, row),
    deletePrice: (model) => deletePrice(db, model),

    insertChannel: (row) => insertChannel(db, row),
    updateChannel: (row) => updateChannel(db, row),
    deleteChannel: (id) => deleteChannel(db, id),
    findChannelById: (id) => findChannelById(db, id),
    findChannelByName: (name) => findChannelByName(db, name),
    listChannels: () => listChannels(db),
    getChannelsVersion: () => getChannelsVersion(db),
    listKeyStates: (channelName) => listKeyStates(db, channelName),
    setKeyState: (channelName, fingerprint, state) => setKeyState(db, channelName, fingerprint, state),

    appendLedgerEntries: (entries) => appendLedgerEntries(db, entries),
    queryLedger: (query) => queryLedger(db, query),
    sumLedger: (query) => sumLedger(db, query),
    appendAuditEntry: (entry) => appendAuditEntry(db, entry),
    queryAudit: (query) => queryAudit(db, query),

    appendUsageBatch: async (records) => {
      if (!sqlite) return appendUsageBatch(db, records);
      sqliteUsageInsert ??= createSqliteUsageInsert(sqlite);
      return sqliteUsageInsert(records);
    },
    findRequestBodies: (requestId) => findRequestBodies(db, requestId),
    purgeRequestBodies: (nowMs) => purgeRequestBodies(db, nowMs),
    summarizeUsage: (query) => summarizeUsage(db, query),
    queryUsage: (query) => queryUsage(db, query),
    countUsage: (query) => countUsage(db, query),
  };
}
