import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { connectDatabase } from './connect-database.js';
import * as initial from './migrations/0001-initial.js';

const silentLogger = { info() {}, warn() {}, error() {} };

describe.each(storeDialectCases)('$dialect store: upgrading a 0001 database', (dialectCase) => {
  const subject = useStoreSubject(dialectCase, { migrate: false });

  /** Brings the database to the state an OPT with only 0001 left it in, with one key and one usage row. */
  async function createVersion1Database(): Promise<void> {
    const { databaseUrl, dataDir } = subject().location;
    const { db } = await connectDatabase(databaseUrl, dataDir, silentLogger);
    try {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ '0001-initial': initial }) },
      });
      const { error } = await migrator.migrateToLatest();
      if (error !== undefined) throw error;
      await sql`insert into api_keys (id, name, key_hash, key_hint, models, source, created_at, revoked_at)
        values ('k_old', 'legacy', 'hash-old', 'sk-opt-…old1', '["gpt-a"]', 'config', 1234, null)`.execute(
        db,
      );
      await sql`insert into usage_records (request_id, created_at, key_id, key_name, endpoint, model,
          served_model, channel, stream, status, http_status, prompt_tokens, completion_tokens, cached_tokens,
          reasoning_tokens, total_tokens, usage_source, latency_ms, ttft_ms, error_code, error_message)
        values ('req_old', 5678, 'k_old', 'legacy', '/v1/chat/completions', 'gpt-a', null, 'main', 1, 'ok',
          200, 3, 4, 0, 0, 7, 'upstream', 90, 30, null, null)`.execute(db);
      await sql`update settings set value = '5' where name = 'keys_version'`.execute(db);
    } finally {
      await db.destroy();
    }
  }

  it('keeps existing keys and usage, with the new columns at their defaults', async () => {
    await createVersion1Database();
    const { store } = subject();
    expect(await store.migrate()).toEqual([
      '0002-tenancy-billing',
      '0003-channels',
      '0004-channel-api-version',
    ]);
    expect(await store.migrate()).toEqual([]);
    expect(await store.getKeysVersion()).toBe(5);

    expect(await store.listApiKeys()).toEqual([
      {
        id: 'k_old',
        name: 'legacy',
        keyHash: 'hash-old',
        keyHint: 'sk-opt-…old1',
        models: ['gpt-a'],
        source: 'config',
        createdAtMs: 1234,
        revokedAtMs: null,
        teamId: null,
        budget: null,
        limits: { rpm: null, tpm: null, concurrency: null },
        expiresAtMs: null,
        allowIps: null,
        promptLogging: null,
        disabledAtMs: null,
        // Backfilled from created_at.
        updatedAtMs: 1234,
      },
    ]);
    const [usage] = (await store.queryUsage({})).data;
    expect(usage).toMatchObject({ requestId: 'req_old', keyId: 'k_old', teamId: null, costMicros: 0 });
    expect(await store.sumLedger({})).toEqual({ creditsMicros: 0, debitsMicros: 0, entries: 0 });
    expect(await store.listTeams({ includeDeleted: true })).toEqual([]);
    expect(await store.listPrices()).toEqual([]);
  });
});
