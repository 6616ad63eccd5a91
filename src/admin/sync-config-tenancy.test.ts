import { describe, expect, it } from 'vitest';
import { buildApiKeyRow, buildTeamRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildKeyConfig, buildTeamConfig } from '../../test/support/tenancy-configs.js';
import type { PriceConfig } from '../config/config-types.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import { syncConfigTenancy } from './sync-config-tenancy.js';

const FIRST_BOOT = 1_754_000_000_000;
const SECOND_BOOT = FIRST_BOOT + 60_000;
const THIRD_BOOT = SECOND_BOOT + 60_000;

const SEARCH_KEY = 'sk-opt-Sx4Ea1Rr7Cc0Hh3Tt6Ee9Aa2Mm5Kk8Ee1Yy4Qq7Ww0Z';
const ROTATED_SEARCH_KEY = 'sk-opt-Nn2Ee5Ww8Ss1Ee4Cc7Rr0Ee3Tt6Kk9Ee2Yy5Aa8Bb1C';
const NO_LIMITS = { rpm: null, tpm: null, concurrency: null };

const PRICE: PriceConfig = {
  model: 'gpt-a',
  inputMicros: 2_000_000,
  cachedInputMicros: 500_000,
  outputMicros: 8_000_000,
};

const DECLARED = {
  teams: [
    buildTeamConfig('research', {
      models: ['gpt-a'],
      budget: { amountMicros: 50_000_000, period: 'monthly' },
      priceMultiplierPpm: 900_000,
      members: [{ member: 'ana@example.com', role: 'owner' as const }],
    }),
  ],
  prices: [PRICE],
  keys: [
    buildKeyConfig('search', {
      key: SEARCH_KEY,
      models: ['gpt-a'],
      team: 'research',
      limits: { ...NO_LIMITS, rpm: 60 },
    }),
    buildKeyConfig('batch-jobs', { allowIps: ['10.0.0.0/8'] }),
  ],
  billing: { currency: 'CNY', reserveMaxTokens: 4096, tpmCountsCachedTokens: false },
};

/** The key a running server would accept for this secret: an active row with its hash. */
async function acceptedName(store: Store, key: string): Promise<string | null> {
  const row = (await store.listApiKeys()).find((candidate) => candidate.keyHash === hashApiKey(key));
  return row?.name ?? null;
}

async function auditActions(store: Store): Promise<string[]> {
  const page = await store.queryAudit({ limit: 1000 });
  expect(page.data.every((entry) => entry.actorName === 'config' && entry.actorId === null)).toBe(true);
  return page.data.map((entry) => entry.action).sort();
}

describe.each(storeDialectCases)('$dialect: syncConfigTenancy', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('creates teams, members, prices and keys, generating a missing secret once, with audit entries', async () => {
    const { store } = subject();
    const generated = await syncConfigTenancy(store, DECLARED, FIRST_BOOT);
    expect(generated).toHaveLength(1);
    expect(generated[0]).toMatchObject({ kind: 'client', name: 'batch-jobs' });
    expect(generated[0]?.key).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);

    const team = await store.findTeamByName('research');
    expect(team).toMatchObject({ source: 'config', priceMultiplierPpm: 900_000, models: ['gpt-a'] });
    expect(await store.listTeamMembers(team!.id)).toMatchObject([
      { member: 'ana@example.com', role: 'owner' },
    ]);
    expect(await store.listPrices()).toEqual([{ ...PRICE, source: 'config', updatedAtMs: FIRST_BOOT }]);
    const search = await store.findApiKeyByName('search');
    expect(search).toMatchObject({
      source: 'config',
      teamId: team!.id,
      limits: { rpm: 60, tpm: null, concurrency: null },
      keyHint: `sk-opt-...${SEARCH_KEY.slice(-4)}`,
    });
    expect(await acceptedName(store, SEARCH_KEY)).toBe('search');
    expect(await acceptedName(store, generated[0]!.key)).toBe('batch-jobs');
    expect(await auditActions(store)).toEqual([
      'key.create',
      'key.create',
      'member.put',
      'price.put',
      'team.create',
    ]);
    const keyAudit = (await store.queryAudit({ action: 'key.create', limit: 10 })).data;
    for (const entry of keyAudit) {
      expect(entry.after).not.toContain(SEARCH_KEY);
      expect(entry.after).not.toContain(generated[0]!.key);
      expect(entry.after).not.toContain(hashApiKey(SEARCH_KEY));
    }
  });

  it('changes nothing on a restart with the same config', async () => {
    const { store } = subject();
    await syncConfigTenancy(store, DECLARED, FIRST_BOOT);
    const keys = await store.listApiKeys({ includeRevoked: true });
    const teams = await store.listTeams({ includeDeleted: true });
    const version = await store.getKeysVersion();
    const audited = (await store.queryAudit({ limit: 1000 })).data.length;
    expect(await syncConfigTenancy(store, DECLARED, SECOND_BOOT)).toEqual([]);
    expect(await store.listApiKeys({ includeRevoked: true })).toEqual(keys);
    expect(await store.listTeams({ includeDeleted: true })).toEqual(teams);
    expect(await store.getKeysVersion()).toBe(version);
    expect((await store.queryAudit({ limit: 1000 })).data).toHaveLength(audited);
  });

  it('updates changed settings in place and replaces a changed secret', async () => {
    const { store } = subject();
    await syncConfigTenancy(store, DECLARED, FIRST_BOOT);
    const team = await store.findTeamByName('research');
    const batch = await store.findApiKeyByName('batch-jobs');
    const changed = {
      ...DECLARED,
      teams: [
        {
          ...DECLARED.teams[0]!,
          limits: { ...NO_LIMITS, tpm: 1000 },
          members: [{ member: 'bo', role: 'member' as const }],
        },
      ],
      prices: [{ ...PRICE, outputMicros: 9_000_000 }],
      keys: [
        { ...DECLARED.keys[0]!, key: ROTATED_SEARCH_KEY },
        { ...DECLARED.keys[1]!, budget: { amountMicros: 1_000_000, period: 'daily' } },
      ],
    };
    expect(await syncConfigTenancy(store, changed, SECOND_BOOT)).toEqual([]);
    expect(await store.findTeamById(team!.id)).toMatchObject({
      limits: { tpm: 1000 },
      updatedAtMs: SECOND_BOOT,
    });
    expect((await store.listTeamMembers(team!.id)).map((member) => member.member)).toEqual(['bo']);
    expect((await store.listPrices())[0]).toMatchObject({ outputMicros: 9_000_000 });
    expect(await store.findApiKeyById(batch!.id)).toMatchObject({
      budget: { amountMicros: 1_000_000, period: 'daily' },
      revokedAtMs: null,
    });
    expect(await acceptedName(store, SEARCH_KEY)).toBeNull();
    expect(await acceptedName(store, ROTATED_SEARCH_KEY)).toBe('search');
    const since = (await store.queryAudit({ fromMs: SECOND_BOOT, limit: 1000 })).data.map(
      (entry) => entry.action,
    );
    expect(since.sort()).toEqual([
      'key.create',
      'key.revoke',
      'key.update',
      'member.delete',
      'member.put',
      'price.put',
      'team.update',
    ]);
  });

  it('revokes removed keys, deletes removed prices and soft-deletes removed teams', async () => {
    const { store } = subject();
    const generated = await syncConfigTenancy(store, DECLARED, FIRST_BOOT);
    const team = await store.findTeamByName('research');
    await syncConfigTenancy(store, { teams: [], prices: [], keys: [DECLARED.keys[1]!] }, SECOND_BOOT);
    expect(await acceptedName(store, SEARCH_KEY)).toBeNull();
    expect(await acceptedName(store, generated[0]!.key)).toBe('batch-jobs');
    expect(await store.listPrices()).toEqual([]);
    expect(await store.findTeamByName('research')).toBeNull();
    expect(await store.findTeamById(team!.id)).toMatchObject({
      deletedAtMs: SECOND_BOOT,
      disabledAtMs: SECOND_BOOT,
    });
    const since = (await store.queryAudit({ fromMs: SECOND_BOOT, limit: 1000 })).data.map(
      (entry) => entry.action,
    );
    expect(since.sort()).toEqual(['key.revoke', 'price.delete', 'team.delete']);
  });

  it('leaves rows made through the admin API alone, but takes over a price the config now declares', async () => {
    const { store } = subject();
    await store.insertApiKey(
      buildApiKeyRow('key_console', {
        name: 'search',
        keyHash: hashApiKey('sk-opt-console-made-key-0000000000000000000000'),
        keyHint: 'sk-opt-...0000',
        createdAtMs: FIRST_BOOT,
        updatedAtMs: FIRST_BOOT,
      }),
    );
    await store.upsertPrice({ ...PRICE, inputMicros: 1, source: 'api', updatedAtMs: FIRST_BOOT });
    await syncConfigTenancy(store, DECLARED, SECOND_BOOT);
    await syncConfigTenancy(store, { teams: [], prices: [], keys: [] }, THIRD_BOOT);
    expect((await store.listApiKeys()).map((row) => row.id)).toEqual(['key_console']);
    expect(await store.listPrices()).toEqual([]);
  });

  it('keeps a configured key revoked once an admin revoked it, and never brings back an old secret', async () => {
    const { store } = subject();
    await syncConfigTenancy(store, DECLARED, FIRST_BOOT);
    const search = await store.findApiKeyByName('search');
    await store.revokeApiKey(search!.id, FIRST_BOOT + 1_000);
    expect(await syncConfigTenancy(store, DECLARED, SECOND_BOOT)).toEqual([]);
    expect(await acceptedName(store, SEARCH_KEY)).toBeNull();
    const rotated = {
      ...DECLARED,
      keys: [{ ...DECLARED.keys[0]!, key: ROTATED_SEARCH_KEY }, DECLARED.keys[1]!],
    };
    await syncConfigTenancy(store, rotated, THIRD_BOOT);
    await expect(syncConfigTenancy(store, DECLARED, THIRD_BOOT + 1)).resolves.toEqual([]);
    expect(await acceptedName(store, SEARCH_KEY)).toBeNull();
  });

  it('refuses to boot when a config team has the name of a team made through the API', async () => {
    const { store } = subject();
    await store.insertTeam(
      buildTeamRow('team_api', { name: 'research', createdAtMs: FIRST_BOOT, updatedAtMs: FIRST_BOOT }),
    );
    await expect(syncConfigTenancy(store, DECLARED, FIRST_BOOT)).rejects.toThrow(
      /teams\.research.*admin API/,
    );
  });
});
