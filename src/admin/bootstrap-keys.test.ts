import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyConfig } from '../config/config-types.js';
import { hashApiKey, KeyCache } from '../gateway/key-cache.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { ensureAdminKey, syncConfigKeys } from './bootstrap-keys.js';

const FIRST_BOOT = 1_754_000_000_000;
const SECOND_BOOT = FIRST_BOOT + 60_000;
const THIRD_BOOT = SECOND_BOOT + 60_000;

const ADMIN_KEY = 'sk-opt-admin-Hq3Wv8Zt1Np6Ks4Rm9Xc2Lb7Jd5Fg0Ye8Ua3Oi6Pe1Tn';
const ROTATED_ADMIN_KEY = 'sk-opt-admin-Vn5Qa2Lr8Xe1Ty4Uk7Ib0Oc3Pm6Zd9Wf2Gs5Hh8Jj1K';
const SEARCH_KEY = 'sk-opt-Sx4Ea1Rr7Cc0Hh3Tt6Ee9Aa2Mm5Kk8Ee1Yy4Qq7Ww0Z';
const ROTATED_SEARCH_KEY = 'sk-opt-Nn2Ee5Ww8Ss1Ee4Cc7Rr0Ee3Tt6Kk9Ee2Yy5Aa8Bb1C';

describe('bootstrap keys on a SQLite store', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'opt-bootstrap-'));
    store = await openStore({ databaseUrl: null, dataDir });
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** What the running server would accept: the key cache filled from the store. */
  async function acceptedKeys(): Promise<KeyCache> {
    const cache = new KeyCache();
    cache.replaceAll(await store.listApiKeys());
    return cache;
  }

  describe('ensureAdminKey', () => {
    it('stores the OPT_ADMIN_KEY hash once, however often the server starts', async () => {
      expect(await ensureAdminKey(store, ADMIN_KEY, FIRST_BOOT)).toEqual([]);
      expect(await ensureAdminKey(store, ADMIN_KEY, SECOND_BOOT)).toEqual([]);
      const rows = await store.listAdminKeys({ includeRevoked: true });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        name: 'env:OPT_ADMIN_KEY',
        keyHash: hashApiKey(ADMIN_KEY),
        keyHint: 'sk-opt-...e1Tn',
        role: 'admin',
        createdAtMs: FIRST_BOOT,
        revokedAtMs: null,
      });
      expect(rows[0]?.id).toMatch(/^adm_[0-9a-f]{24}$/);
    });

    it('revokes the previous env key when OPT_ADMIN_KEY changes', async () => {
      await ensureAdminKey(store, ADMIN_KEY, FIRST_BOOT);
      await ensureAdminKey(store, ROTATED_ADMIN_KEY, SECOND_BOOT);
      const active = await store.listAdminKeys();
      expect(active.map((row) => row.keyHash)).toEqual([hashApiKey(ROTATED_ADMIN_KEY)]);
      const all = await store.listAdminKeys({ includeRevoked: true });
      expect(all.find((row) => row.keyHash === hashApiKey(ADMIN_KEY))?.revokedAtMs).toBe(SECOND_BOOT);
    });

    it('generates an admin key only when none exists, and returns it once', async () => {
      const generated = await ensureAdminKey(store, null, FIRST_BOOT);
      expect(generated).toHaveLength(1);
      expect(generated[0]).toMatchObject({ kind: 'admin', name: 'admin' });
      const key = generated[0]!.key;
      expect(key).toMatch(/^sk-opt-admin-[A-Za-z0-9]{40}$/);
      expect(await ensureAdminKey(store, null, SECOND_BOOT)).toEqual([]);
      const rows = await store.listAdminKeys({ includeRevoked: true });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        name: 'generated',
        keyHash: hashApiKey(key),
        keyHint: `sk-opt-...${key.slice(-4)}`,
      });
    });

    it('generates nothing when an env key was stored before and OPT_ADMIN_KEY is now unset', async () => {
      await ensureAdminKey(store, ADMIN_KEY, FIRST_BOOT);
      expect(await ensureAdminKey(store, null, SECOND_BOOT)).toEqual([]);
      expect(await store.countAdminKeys()).toBe(1);
    });

    it('keeps a generated key when OPT_ADMIN_KEY is set later', async () => {
      await ensureAdminKey(store, null, FIRST_BOOT);
      await ensureAdminKey(store, ADMIN_KEY, SECOND_BOOT);
      const active = await store.listAdminKeys();
      expect(active.map((row) => row.name)).toEqual(['generated', 'env:OPT_ADMIN_KEY']);
    });

    it('refuses, with a clear message, an OPT_ADMIN_KEY that was revoked earlier', async () => {
      await ensureAdminKey(store, ADMIN_KEY, FIRST_BOOT);
      await ensureAdminKey(store, ROTATED_ADMIN_KEY, SECOND_BOOT);
      await expect(ensureAdminKey(store, ADMIN_KEY, THIRD_BOOT)).rejects.toThrow(/OPT_ADMIN_KEY.*revoked/);
      // Nothing changed: the rotated key still works.
      const active = await store.listAdminKeys();
      expect(active.map((row) => row.keyHash)).toEqual([hashApiKey(ROTATED_ADMIN_KEY)]);
    });
  });

  describe('syncConfigKeys', () => {
    const declared: KeyConfig[] = [
      { name: 'search', key: SEARCH_KEY, models: ['gpt-4o-mini'] },
      { name: 'batch-jobs', key: null, models: null },
    ];

    it('inserts declared keys and generates the missing secret once', async () => {
      const generated = await syncConfigKeys(store, declared, FIRST_BOOT);
      expect(generated).toHaveLength(1);
      expect(generated[0]).toMatchObject({ kind: 'client', name: 'batch-jobs' });
      expect(generated[0]?.key).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);
      // Same created_at: the store orders these two by their random ids, so compare by name.
      const rows = (await store.listApiKeys()).sort((left, right) => left.name.localeCompare(right.name));
      expect(rows.map((row) => [row.name, row.source, row.models, row.createdAtMs])).toEqual([
        ['batch-jobs', 'config', null, FIRST_BOOT],
        ['search', 'config', ['gpt-4o-mini'], FIRST_BOOT],
      ]);
      const cache = await acceptedKeys();
      expect(cache.authenticate(SEARCH_KEY)?.name).toBe('search');
      expect(cache.authenticate(generated[0]!.key)?.name).toBe('batch-jobs');
      expect(rows.find((row) => row.name === 'search')?.keyHint).toBe(`sk-opt-...${SEARCH_KEY.slice(-4)}`);
    });

    it('changes nothing on a restart with the same config', async () => {
      const generated = await syncConfigKeys(store, declared, FIRST_BOOT);
      const before = await store.listApiKeys({ includeRevoked: true });
      const versionBefore = await store.getKeysVersion();
      expect(await syncConfigKeys(store, declared, SECOND_BOOT)).toEqual([]);
      expect(await store.listApiKeys({ includeRevoked: true })).toEqual(before);
      expect(await store.getKeysVersion()).toBe(versionBefore);
      expect((await acceptedKeys()).authenticate(generated[0]!.key)?.name).toBe('batch-jobs');
    });

    it('replaces the stored key when the configured secret changes', async () => {
      await syncConfigKeys(store, declared, FIRST_BOOT);
      const rotated: KeyConfig[] = [{ ...declared[0]!, key: ROTATED_SEARCH_KEY }, declared[1]!];
      expect(await syncConfigKeys(store, rotated, SECOND_BOOT)).toEqual([]);
      const cache = await acceptedKeys();
      expect(cache.authenticate(SEARCH_KEY)).toBeNull();
      expect(cache.authenticate(ROTATED_SEARCH_KEY)?.name).toBe('search');
      const searchRows = (await store.listApiKeys({ includeRevoked: true })).filter(
        (row) => row.name === 'search',
      );
      expect(searchRows.map((row) => row.revokedAtMs)).toEqual([SECOND_BOOT, null]);
    });

    it('updates the allowed models in place', async () => {
      await syncConfigKeys(store, declared, FIRST_BOOT);
      const before = await store.findApiKeyByName('search');
      const widened: KeyConfig[] = [
        { ...declared[0]!, models: ['gpt-4o-mini', 'deepseek-reasoner'] },
        declared[1]!,
      ];
      await syncConfigKeys(store, widened, SECOND_BOOT);
      const after = await store.findApiKeyById(before!.id);
      expect(after).toMatchObject({ models: ['gpt-4o-mini', 'deepseek-reasoner'], revokedAtMs: null });
    });

    it('revokes a key whose entry was removed from the config', async () => {
      const generated = await syncConfigKeys(store, declared, FIRST_BOOT);
      await syncConfigKeys(store, [declared[0]!], SECOND_BOOT);
      const cache = await acceptedKeys();
      expect(cache.authenticate(generated[0]!.key)).toBeNull();
      expect(cache.authenticate(SEARCH_KEY)?.name).toBe('search');
      const removed = (await store.listApiKeys({ includeRevoked: true })).find(
        (row) => row.name === 'batch-jobs',
      );
      expect(removed?.revokedAtMs).toBe(SECOND_BOOT);
    });

    it('leaves keys created through the admin API alone', async () => {
      await store.insertApiKey({
        id: 'key_console',
        name: 'search',
        keyHash: hashApiKey('sk-opt-console-made-key-0000000000000000000000'),
        keyHint: 'sk-opt-...0000',
        models: null,
        source: 'api',
        createdAtMs: FIRST_BOOT,
        revokedAtMs: null,
      });
      await syncConfigKeys(store, declared, SECOND_BOOT);
      await syncConfigKeys(store, [], THIRD_BOOT);
      expect((await store.findApiKeyById('key_console'))?.revokedAtMs).toBeNull();
      expect((await store.listApiKeys()).map((row) => row.id)).toEqual(['key_console']);
    });

    it('starts, and keeps the key revoked, after an admin revoked a configured key', async () => {
      await syncConfigKeys(store, declared, FIRST_BOOT);
      const search = (await store.listApiKeys()).find((row) => row.name === 'search')!;
      await store.revokeApiKey(search.id, FIRST_BOOT + 1_000);
      expect(await syncConfigKeys(store, declared, SECOND_BOOT)).toEqual([]);
      expect((await acceptedKeys()).authenticate(SEARCH_KEY)).toBeNull();
      expect((await store.listApiKeys()).map((row) => row.name)).toEqual(['batch-jobs']);
    });

    it('starts when the config goes back to a secret it replaced earlier', async () => {
      await syncConfigKeys(store, declared, FIRST_BOOT);
      await syncConfigKeys(store, [{ ...declared[0]!, key: ROTATED_SEARCH_KEY }], SECOND_BOOT);
      await expect(syncConfigKeys(store, [declared[0]!], THIRD_BOOT)).resolves.toEqual([]);
      // A revoked secret is never brought back by a restart.
      expect((await acceptedKeys()).authenticate(SEARCH_KEY)).toBeNull();
    });
  });
});
