import { describe, expect, it } from 'vitest';
import { buildApiKeyRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import type { AdminKeyRow } from './store-types.js';

function buildAdminKey(id: string, overrides: Partial<AdminKeyRow> = {}): AdminKeyRow {
  return {
    id,
    name: `admin-${id}`,
    keyHash: `admin-hash-${id}`,
    keyHint: 'sk-opt-admin-…wxyz',
    role: 'admin',
    createdAtMs: 1_700_000_000_000,
    revokedAtMs: null,
    ...overrides,
  };
}

const ALL_MIGRATIONS = ['0001-initial', '0002-tenancy-billing', '0003-channels', '0004-channel-api-version'];

describe.each(storeDialectCases)('$dialect store: schema and keys', (dialectCase) => {
  describe('migrations', () => {
    const subject = useStoreSubject(dialectCase, { migrate: false });

    it('applies every migration once; running again is a no-op', async () => {
      const { store } = subject();
      expect(store.dialect).toBe(dialectCase.dialect);
      expect(await store.migrate()).toEqual(ALL_MIGRATIONS);
      expect(await store.migrate()).toEqual([]);
      expect(await store.getKeysVersion()).toBe(0);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    // PostgreSQL only: two SQLite connections in one process would block each other's event loop in
    // busy_timeout, so the SQLite path (BEGIN IMMEDIATE, see run-migrations.ts) is not raced here.
    if (dialectCase.dialect === 'postgres') {
      it('two processes migrating at once both succeed', async () => {
        const { store, openAnother } = subject();
        const other = await openAnother();
        const [first, second] = await Promise.all([store.migrate(), other.migrate()]);
        expect([...first, ...second].sort()).toEqual(ALL_MIGRATIONS);
        expect(await other.getKeysVersion()).toBe(0);
      });
    }
  });

  describe('API keys', () => {
    const subject = useStoreSubject(dialectCase);

    it('inserts, lists, finds and revokes, bumping keys_version on each change', async () => {
      const { store } = subject();
      await store.insertApiKey(buildApiKeyRow('k1', { models: ['gpt-a', 'gpt-b'], createdAtMs: 1 }));
      await store.insertApiKey(buildApiKeyRow('k2', { source: 'config', createdAtMs: 2 }));
      expect(await store.getKeysVersion()).toBe(2);

      expect(await store.listApiKeys()).toEqual([
        buildApiKeyRow('k1', { models: ['gpt-a', 'gpt-b'], createdAtMs: 1 }),
        buildApiKeyRow('k2', { source: 'config', createdAtMs: 2 }),
      ]);
      expect(await store.findApiKeyById('k2')).toEqual(
        buildApiKeyRow('k2', { source: 'config', createdAtMs: 2 }),
      );
      expect(await store.findApiKeyById('missing')).toBeNull();
      expect((await store.findApiKeyByName('name-k1'))?.id).toBe('k1');

      expect(await store.revokeApiKey('k1', 5_000)).toBe(true);
      expect(await store.getKeysVersion()).toBe(3);
      expect(await store.revokeApiKey('k1', 6_000)).toBe(false);
      expect(await store.revokeApiKey('missing', 6_000)).toBe(false);
      expect(await store.getKeysVersion()).toBe(3);

      expect((await store.listApiKeys()).map((key) => key.id)).toEqual(['k2']);
      const all = await store.listApiKeys({ includeRevoked: true });
      expect(all.map((key) => [key.id, key.revokedAtMs])).toEqual([
        ['k1', 5_000],
        ['k2', null],
      ]);
      expect(await store.findApiKeyByName('name-k1')).toBeNull();
      expect((await store.findApiKeyById('k1'))?.revokedAtMs).toBe(5_000);
    });

    it('finds the newest live key when a revoked key shares its name', async () => {
      const { store } = subject();
      await store.insertApiKey(buildApiKeyRow('old', { name: 'shared', createdAtMs: 1 }));
      await store.revokeApiKey('old', 2);
      await store.insertApiKey(buildApiKeyRow('new', { name: 'shared', createdAtMs: 3 }));
      expect((await store.findApiKeyByName('shared'))?.id).toBe('new');
    });

    it('updates the allowed models, null meaning every model', async () => {
      const { store } = subject();
      await store.insertApiKey(buildApiKeyRow('k1'));
      expect(await store.updateApiKeyModels('k1', ['gpt-x'])).toBe(true);
      expect((await store.findApiKeyById('k1'))?.models).toEqual(['gpt-x']);
      expect(await store.updateApiKeyModels('k1', null)).toBe(true);
      expect((await store.findApiKeyById('k1'))?.models).toBeNull();
      expect(await store.updateApiKeyModels('missing', [])).toBe(false);
      expect(await store.getKeysVersion()).toBe(3);
    });

    it('stores every setting of a key and replaces the mutable ones by id', async () => {
      const { store } = subject();
      const created = buildApiKeyRow('k1', {
        teamId: 'team_a',
        budget: { amountMicros: 25_000_000, period: 'rolling_5h' },
        limits: { rpm: 60, tpm: 100_000, concurrency: 4 },
        expiresAtMs: 1_800_000_000_000,
        allowIps: ['10.0.0.0/8', '::1'],
        promptLogging: { retentionDays: 7 },
        createdAtMs: 10,
        updatedAtMs: 10,
      });
      await store.insertApiKey(created);
      expect(await store.findApiKeyById('k1')).toEqual(created);
      expect(await store.listApiKeys()).toEqual([created]);

      const changed = buildApiKeyRow('k1', {
        name: 'renamed',
        models: ['gpt-x'],
        // Fields updateApiKey must not touch, whatever the row says.
        keyHash: 'other-hash',
        keyHint: 'other-hint',
        source: 'config',
        createdAtMs: 99,
        teamId: null,
        budget: null,
        limits: { rpm: null, tpm: 5, concurrency: null },
        expiresAtMs: null,
        allowIps: null,
        promptLogging: null,
        disabledAtMs: 20,
        updatedAtMs: 20,
      });
      const before = await store.getKeysVersion();
      expect(await store.updateApiKey(changed)).toBe(true);
      expect(await store.getKeysVersion()).toBe(before + 1);
      expect(await store.findApiKeyById('k1')).toEqual({
        ...changed,
        keyHash: created.keyHash,
        keyHint: created.keyHint,
        source: created.source,
        createdAtMs: created.createdAtMs,
      });
      expect(await store.updateApiKey(buildApiKeyRow('missing'))).toBe(false);
      expect(await store.getKeysVersion()).toBe(before + 1);
    });

    it('rejects a second key with the same hash and leaves keys_version alone', async () => {
      const { store } = subject();
      await store.insertApiKey(buildApiKeyRow('k1', { keyHash: 'same' }));
      await expect(store.insertApiKey(buildApiKeyRow('k2', { keyHash: 'same' }))).rejects.toThrow();
      expect(await store.getKeysVersion()).toBe(1);
      expect((await store.listApiKeys()).map((key) => key.id)).toEqual(['k1']);
    });

    it('shows a change made through another connection, as the CLI makes it', async () => {
      const { store, openAnother } = subject();
      const cli = await openAnother();
      const before = await store.getKeysVersion();
      await cli.insertApiKey(buildApiKeyRow('from-cli'));
      expect(await store.getKeysVersion()).toBe(before + 1);
      expect((await store.findApiKeyById('from-cli'))?.name).toBe('name-from-cli');
    });
  });

  describe('admin keys', () => {
    const subject = useStoreSubject(dialectCase);

    it('inserts, lists and counts admin keys', async () => {
      const { store } = subject();
      expect(await store.countAdminKeys()).toBe(0);
      await store.insertAdminKey(buildAdminKey('a1', { createdAtMs: 1 }));
      await store.insertAdminKey(buildAdminKey('a2', { role: 'viewer', createdAtMs: 2 }));
      await store.insertAdminKey(buildAdminKey('a3', { createdAtMs: 3, revokedAtMs: 4 }));
      expect(await store.countAdminKeys()).toBe(2);
      expect(await store.listAdminKeys()).toEqual([
        buildAdminKey('a1', { createdAtMs: 1 }),
        buildAdminKey('a2', { role: 'viewer', createdAtMs: 2 }),
      ]);
      expect(await store.listAdminKeys({ includeRevoked: true })).toHaveLength(3);
      expect(await store.getKeysVersion()).toBe(3);
    });
  });
});
