import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../gateway/key-cache.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { ensureAdminKey } from './bootstrap-keys.js';

const FIRST_BOOT = 1_754_000_000_000;
const SECOND_BOOT = FIRST_BOOT + 60_000;
const THIRD_BOOT = SECOND_BOOT + 60_000;

const ADMIN_KEY = 'sk-opt-admin-Hq3Wv8Zt1Np6Ks4Rm9Xc2Lb7Jd5Fg0Ye8Ua3Oi6Pe1Tn';
const ROTATED_ADMIN_KEY = 'sk-opt-admin-Vn5Qa2Lr8Xe1Ty4Uk7Ib0Oc3Pm6Zd9Wf2Gs5Hh8Jj1K';

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
});
