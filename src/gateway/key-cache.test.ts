import { describe, expect, it } from 'vitest';
import { buildApiKeyRow, buildTeamRow } from '../../test/support/store-rows.js';
import type { ApiKeyRow } from '../store/store-types.js';
import { hashApiKey, KeyCache } from './key-cache.js';

const ALPHA_KEY = 'sk-opt-Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W';
const BETA_KEY = 'sk-opt-Pp0Oo9Ii8Uu7Yy6Tt5Rr4Ee3Ww2Qq1Aa0Ss9Dd8Ff7G';
const REVOKED_KEY = 'sk-opt-Rr1Ee2Vv3Oo4Kk5Ee6Dd7Rr8Ee9Vv0Oo1Kk2Ee3Dd4X';

function buildRow(id: string, key: string, overrides: Partial<ApiKeyRow> = {}): ApiKeyRow {
  return buildApiKeyRow(id, {
    keyHash: hashApiKey(key),
    keyHint: `sk-opt-...${key.slice(-4)}`,
    ...overrides,
  });
}

function filledCache(): KeyCache {
  const cache = new KeyCache();
  cache.replaceAll([
    buildRow('key_alpha', ALPHA_KEY),
    buildRow('key_beta', BETA_KEY, { models: ['gpt-4o-mini', 'deepseek-reasoner'] }),
    buildRow('key_revoked', REVOKED_KEY, { revokedAtMs: 1_754_000_500_000 }),
  ]);
  return cache;
}

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('KeyCache', () => {
  it('authenticates active keys and exposes no hash or secret', () => {
    const cache = filledCache();
    expect(cache.authenticate(ALPHA_KEY)).toEqual({
      id: 'key_alpha',
      name: 'name-key_alpha',
      models: null,
      team: null,
      expiresAtMs: null,
      disabled: false,
      allowsAddress: null,
      quotaSubjects: [],
      promptRetentionDays: null,
    });
    const beta = cache.authenticate(BETA_KEY);
    expect(beta?.id).toBe('key_beta');
    expect(beta?.models).toEqual(new Set(['gpt-4o-mini', 'deepseek-reasoner']));
    expect(JSON.stringify(beta)).not.toContain('hash');
  });

  it('leaves revoked rows out', () => {
    const cache = filledCache();
    expect(cache.authenticate(REVOKED_KEY)).toBeNull();
    expect(cache.size).toBe(2);
  });

  it('rejects unknown, empty and near-miss keys', () => {
    const cache = filledCache();
    expect(cache.authenticate('sk-opt-unknown')).toBeNull();
    expect(cache.authenticate('')).toBeNull();
    expect(cache.authenticate(`${ALPHA_KEY} `)).toBeNull();
    expect(cache.authenticate(ALPHA_KEY.toLowerCase())).toBeNull();
  });

  it('rejects keys longer than 256 characters without looking them up', () => {
    const longest = `sk-opt-${'a'.repeat(249)}`;
    const overlong = `${longest}b`;
    const cache = new KeyCache();
    cache.replaceAll([buildRow('key_long', longest), buildRow('key_overlong', overlong)]);
    expect(longest).toHaveLength(256);
    expect(cache.authenticate(longest)?.id).toBe('key_long');
    expect(cache.authenticate(overlong)).toBeNull();
  });

  it('replaces every entry on replaceAll', () => {
    const cache = filledCache();
    cache.replaceAll([buildRow('key_revoked', REVOKED_KEY)]);
    expect(cache.authenticate(ALPHA_KEY)).toBeNull();
    expect(cache.authenticate(REVOKED_KEY)?.id).toBe('key_revoked');
    expect(cache.size).toBe(1);
  });

  it('adds a new key on upsert and drops it when the upserted row is revoked', () => {
    const cache = new KeyCache();
    const row = buildRow('key_alpha', ALPHA_KEY);
    cache.upsert(row);
    expect(cache.authenticate(ALPHA_KEY)?.id).toBe('key_alpha');
    cache.upsert({ ...row, models: ['gpt-4o-mini'] });
    expect(cache.authenticate(ALPHA_KEY)?.models).toEqual(new Set(['gpt-4o-mini']));
    cache.upsert({ ...row, revokedAtMs: 1_754_000_900_000 });
    expect(cache.authenticate(ALPHA_KEY)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('removes a key by id at once and keeps the others', () => {
    const cache = filledCache();
    cache.removeById('key_alpha');
    expect(cache.authenticate(ALPHA_KEY)).toBeNull();
    expect(cache.authenticate(BETA_KEY)?.id).toBe('key_beta');
    expect(cache.size).toBe(1);
    cache.removeById('key_missing');
    expect(cache.size).toBe(1);
  });

  it('joins a key to its team: models intersected, budgets and limits as quota subjects, logging inherited', () => {
    const cache = new KeyCache();
    const team = buildTeamRow('team_r', {
      name: 'research',
      models: ['gpt-4o-mini', 'deepseek-chat'],
      budget: { amountMicros: 500_000_000, period: 'monthly' },
      limits: { rpm: 600, tpm: null, concurrency: 20 },
      priceMultiplierPpm: 900_000,
      promptLogging: { retentionDays: 30 },
    });
    cache.replaceAll(
      [
        buildRow('key_alpha', ALPHA_KEY, {
          teamId: 'team_r',
          models: ['gpt-4o-mini', 'o3'],
          budget: { amountMicros: 20_000_000, period: 'rolling_5h' },
          allowIps: ['10.0.0.0/8'],
        }),
        buildRow('key_beta', BETA_KEY, { teamId: 'team_gone' }),
      ],
      [team],
    );
    const key = cache.authenticate(ALPHA_KEY);
    expect(key?.models).toEqual(new Set(['gpt-4o-mini']));
    expect(key?.team).toEqual({
      id: 'team_r',
      name: 'research',
      priceMultiplierPpm: 900_000,
      expiresAtMs: null,
      disabled: false,
    });
    expect(key?.quotaSubjects).toEqual([
      {
        id: 'key:key_alpha',
        budget: { allowanceMicros: 20_000_000, period: { kind: 'rolling', windowMs: 5 * 3_600_000 } },
        limits: { rpm: null, tpm: null, concurrency: null },
      },
      {
        id: 'team:team_r',
        budget: { allowanceMicros: 500_000_000, period: { kind: 'calendar', unit: 'month' } },
        limits: { rpm: 600, tpm: null, concurrency: 20 },
      },
    ]);
    expect(key?.promptRetentionDays).toBe(30);
    expect(key?.allowsAddress?.('10.1.2.3')).toBe(true);
    expect(key?.allowsAddress?.('192.168.0.1')).toBe(false);
    // A key whose team is unknown (deleted) cannot be used.
    expect(cache.authenticate(BETA_KEY)).toBeNull();
    expect(cache.budgetSubjects().map((subject) => subject.id)).toEqual(['key:key_alpha', 'team:team_r']);
  });

  it('drops the keys of a deleted team', () => {
    const cache = new KeyCache();
    cache.replaceAll(
      [buildRow('key_alpha', ALPHA_KEY, { teamId: 'team_r' })],
      [buildTeamRow('team_r', { deletedAtMs: 1_754_000_000_000 })],
    );
    expect(cache.authenticate(ALPHA_KEY)).toBeNull();
  });
});
