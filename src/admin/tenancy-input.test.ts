import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../api/gateway-error.js';
import { applyBudgetPatch, applyLimitsPatch, parseKeyBody, parseTeamBody } from './tenancy-input.js';

function paramOf(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    expect((error as GatewayError).code).toBe('invalid_request');
    return (error as GatewayError).param;
  }
  throw new Error('expected a 400');
}

describe('parseTeamBody', () => {
  it('reads every field under the YAML names', () => {
    expect(
      parseTeamBody({
        name: ' Research ',
        models: ['gpt-a', 'gpt-a', 'org/b'],
        budget: { amount: '12.5', period: 'monthly' },
        limits: { rpm: 60, tpm: null },
        price_multiplier: 0.9,
        expires_at: '2030-01-01T00:00:00Z',
        prompt_logging: { retention_days: 30 },
        members: [{ member: 'ana@example.com', role: 'owner' }, { member: 'bo' }],
      }),
    ).toEqual({
      name: 'Research',
      models: ['gpt-a', 'org/b'],
      budget: { amountMicros: 12_500_000, period: 'monthly' },
      limits: { rpm: 60, tpm: null },
      priceMultiplierPpm: 900_000,
      expiresAtMs: Date.parse('2030-01-01T00:00:00Z'),
      promptLogging: { retentionDays: 30 },
      members: [
        { member: 'ana@example.com', role: 'owner' },
        { member: 'bo', role: 'member' },
      ],
    });
  });

  it('takes null as "clear" and a null multiplier as the list price', () => {
    expect(
      parseTeamBody({ models: null, budget: null, limits: null, expires_at: null, price_multiplier: null }),
    ).toEqual({ models: null, budget: null, limits: null, expiresAtMs: null, priceMultiplierPpm: 1_000_000 });
  });

  it('names the offending field', () => {
    expect(paramOf(() => parseTeamBody({ name: '' }))).toBe('name');
    expect(paramOf(() => parseTeamBody({ name: 'a/b' }))).toBe('name');
    expect(paramOf(() => parseTeamBody({ budget: { amount: -1, period: 'daily' } }))).toBe('budget.amount');
    expect(paramOf(() => parseTeamBody({ budget: { amount: 1, period: 'hourly' } }))).toBe('budget.period');
    expect(paramOf(() => parseTeamBody({ budget: { amount: 1, currency: 'USD' } }))).toBe('budget.currency');
    expect(paramOf(() => parseTeamBody({ limits: { rpm: 0 } }))).toBe('limits.rpm');
    expect(paramOf(() => parseTeamBody({ limits: { tpm: 1.5 } }))).toBe('limits.tpm');
    expect(paramOf(() => parseTeamBody({ limits: { concurrency: 1_000_000_001 } }))).toBe(
      'limits.concurrency',
    );
    expect(paramOf(() => parseTeamBody({ price_multiplier: 0 }))).toBe('price_multiplier');
    expect(paramOf(() => parseTeamBody({ price_multiplier: 100.000001 }))).toBe('price_multiplier');
    expect(paramOf(() => parseTeamBody({ price_multiplier: '0.1234567' }))).toBe('price_multiplier');
    expect(paramOf(() => parseTeamBody({ prompt_logging: { retention_days: 3651 } }))).toBe(
      'prompt_logging.retention_days',
    );
    expect(paramOf(() => parseTeamBody({ expires_at: 'next tuesday' }))).toBe('expires_at');
    // Without a zone the instant would depend on the server's time zone.
    expect(paramOf(() => parseTeamBody({ expires_at: '2030-01-01T00:00:00' }))).toBe('expires_at');
    expect(parseTeamBody({ expires_at: '2030-01-01T08:00:00+08:00' }).expiresAtMs).toBe(Date.UTC(2030, 0, 1));
    expect(parseTeamBody({ expires_at: 1_900_000_000_000 }).expiresAtMs).toBe(1_900_000_000_000);
    expect(paramOf(() => parseTeamBody({ models: [] }))).toBe('models');
    expect(paramOf(() => parseTeamBody({ models: ['ok', 'has space'] }))).toBe('models[1]');
    expect(paramOf(() => parseTeamBody({ members: [{ member: 'a' }, { member: 'a' }] }))).toBe(
      'members[1].member',
    );
    expect(paramOf(() => parseTeamBody({ members: [{ member: 'a', role: 'admin' }] }))).toBe(
      'members[0].role',
    );
    expect(paramOf(() => parseTeamBody({ price_multipler: 2 }))).toBe('price_multipler');
    expect(paramOf(() => parseTeamBody([]))).toBeNull();
  });
});

describe('parseKeyBody', () => {
  it('normalises IP rules and names a bad one by index', () => {
    expect(parseKeyBody({ allow_ips: ['10.1.2.3/8', '192.168.0.7/32', '2001:DB8::1'] })).toEqual({
      allowIps: ['10.0.0.0/8', '192.168.0.7', '2001:db8::1'],
    });
    expect(paramOf(() => parseKeyBody({ allow_ips: ['10.0.0.1', '1.2.3.4', 'example.com'] }))).toBe(
      'allow_ips[2]',
    );
    expect(paramOf(() => parseKeyBody({ allow_ips: [] }))).toBe('allow_ips');
    expect(paramOf(() => parseKeyBody({ price_multiplier: 1 }))).toBe('price_multiplier');
    expect(parseKeyBody({ team: 'Research', allow_ips: null })).toEqual({ team: 'Research', allowIps: null });
  });
});

describe('applying patches', () => {
  it('merges a budget and limits into the current ones', () => {
    const current = { amountMicros: 5_000_000, period: 'daily' };
    expect(applyBudgetPatch(current, { amountMicros: 7_000_000 })).toEqual({
      amountMicros: 7_000_000,
      period: 'daily',
    });
    expect(applyBudgetPatch(current, undefined)).toBe(current);
    expect(applyBudgetPatch(current, null)).toBeNull();
    expect(paramOf(() => applyBudgetPatch(null, { period: 'daily' }))).toBe('budget.amount');
    expect(paramOf(() => applyBudgetPatch(null, { amountMicros: 1 }))).toBe('budget.period');
    const limits = { rpm: 1, tpm: 2, concurrency: 3 };
    expect(applyLimitsPatch(limits, { tpm: null })).toEqual({ rpm: 1, tpm: null, concurrency: 3 });
    expect(applyLimitsPatch(limits, null)).toEqual({ rpm: null, tpm: null, concurrency: null });
  });
});
