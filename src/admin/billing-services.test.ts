import { describe, expect, it, vi } from 'vitest';
import { captureRejection } from '../../test/support/gateway-rejection.js';
import { buildApiKeyRow, buildTeamRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import type { LedgerEntry } from '../store/store-types.js';
import type { AdminRuntime } from './admin-runtime.js';
import type { AdminActor } from './audit-recorder.js';
import { BudgetService } from './budget-service.js';
import { createOfflineAdminRuntime } from './offline-admin-runtime.js';
import { PriceService } from './price-service.js';

// Tuesday 2025-10-14 12:00 UTC; the daily window started at 00:00.
const NOW = Date.UTC(2025, 9, 14, 12);
const DAY_START = Date.UTC(2025, 9, 14);
const ADMIN: AdminActor = { id: 'adm_1', name: 'ops' };

function testRuntime() {
  const runtime = {
    ...createOfflineAdminRuntime('CNY', new Set(['gpt-a'])),
    refresh: vi.fn(async () => {}),
    credit: vi.fn(async () => {}),
    liveBudget: vi.fn(async () => ({ remainingMicros: 4_000_000 })),
  } satisfies AdminRuntime;
  return runtime;
}

function charge(id: string, atMs: number, micros: number, keyId: string, teamId: string | null): LedgerEntry {
  return {
    id: `chg_${id}`,
    createdAtMs: atMs,
    kind: 'charge',
    keyId,
    teamId,
    amountMicros: -micros,
    requestId: id,
    model: 'gpt-a',
    actor: null,
    note: null,
  };
}

describe.each(storeDialectCases)('$dialect: BudgetService', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);
  const setup = async () => {
    const { store } = subject();
    await store.insertTeam(
      buildTeamRow('team_r', { budget: { amountMicros: 100_000_000, period: 'monthly' } }),
    );
    await store.insertApiKey(
      buildApiKeyRow('key_b', { teamId: 'team_r', budget: { amountMicros: 10_000_000, period: 'daily' } }),
    );
    await store.appendLedgerEntries([
      charge('yesterday', DAY_START - 1, 3_000_000, 'key_b', 'team_r'),
      charge('morning', DAY_START + 1_000, 2_000_000, 'key_b', 'team_r'),
      charge('noon', NOW - 1_000, 1_500_000, 'key_b', 'team_r'),
    ]);
    const runtime = testRuntime();
    return { store, runtime, budgets: new BudgetService(store, runtime) };
  };

  it("derives a key's budget from the ledger entries of its current window", async () => {
    const { budgets } = await setup();
    expect(await budgets.view({ kind: 'key', id: 'key_b' }, NOW)).toEqual({
      object: 'budget',
      owner_type: 'key',
      owner_id: 'key_b',
      currency: 'CNY',
      amount: '10',
      amount_micros: 10_000_000,
      period: 'daily',
      window_start: new Date(DAY_START).toISOString(),
      window_end: new Date(DAY_START + 86_400_000).toISOString(),
      spent: '3.5',
      spent_micros: 3_500_000,
      granted: '0',
      granted_micros: 0,
      remaining: '6.5',
      remaining_micros: 6_500_000,
      live_remaining: '4',
      live_remaining_micros: 4_000_000,
    });
  });

  it('records a grant as an immutable ledger entry, credits the live budget and audits it', async () => {
    const { store, runtime, budgets } = await setup();
    const entry = await budgets.grant(
      { kind: 'key', id: 'key_b' },
      { amount: '1.25', note: 'launch' },
      ADMIN,
      NOW,
    );
    expect(entry).toMatchObject({
      object: 'ledger_entry',
      kind: 'grant',
      key_id: 'key_b',
      team_id: null,
      amount: '1.25',
      amount_micros: 1_250_000,
      actor: 'ops',
      note: 'launch',
    });
    expect(entry.id).toMatch(/^grt_[0-9a-f]{24}$/);
    expect(runtime.credit).toHaveBeenCalledWith({ kind: 'key', id: 'key_b' }, 1_250_000, NOW);
    expect(await budgets.view({ kind: 'key', id: 'key_b' }, NOW)).toMatchObject({
      granted_micros: 1_250_000,
      remaining_micros: 7_750_000,
    });
    const [audit] = (await store.queryAudit({ action: 'ledger.grant' })).data;
    expect(audit).toMatchObject({ actorName: 'ops', targetType: 'key', targetId: 'key_b' });
    expect(JSON.parse(audit!.after!)).toEqual(entry);
  });

  it('resets by giving back the net spend of the window, once', async () => {
    const { store, runtime, budgets } = await setup();
    await budgets.grant({ kind: 'key', id: 'key_b' }, { amount: 1 }, ADMIN, NOW - 10);
    const reset = await budgets.reset({ kind: 'key', id: 'key_b' }, ADMIN, NOW);
    expect(reset.ledger_entry).toMatchObject({ kind: 'reset', amount: '2.5', amount_micros: 2_500_000 });
    expect(reset.ledger_entry?.id).toMatch(/^rst_/);
    expect(reset).toMatchObject({
      spent_micros: 3_500_000,
      granted_micros: 3_500_000,
      remaining_micros: 10_000_000,
    });
    expect(runtime.credit).toHaveBeenLastCalledWith({ kind: 'key', id: 'key_b' }, 2_500_000, NOW);
    const again = await budgets.reset({ kind: 'key', id: 'key_b' }, ADMIN, NOW + 1);
    expect(again.ledger_entry).toBeNull();
    expect((await store.queryLedger({ kind: 'reset' })).data).toHaveLength(1);
    expect((await store.queryAudit({ action: 'ledger.reset' })).data).toHaveLength(1);
  });

  it("counts a team's charges across its keys and only the team's own grants", async () => {
    const { budgets } = await setup();
    await budgets.grant({ kind: 'key', id: 'key_b' }, { amount: 1 }, ADMIN, NOW);
    await budgets.grant({ kind: 'team', id: 'team_r' }, { amount: 2 }, ADMIN, NOW);
    expect(await budgets.view({ kind: 'team', id: 'team_r' }, NOW)).toMatchObject({
      period: 'monthly',
      window_start: new Date(Date.UTC(2025, 9, 1)).toISOString(),
      spent_micros: 6_500_000,
      granted_micros: 2_000_000,
      remaining_micros: 95_500_000,
    });
  });

  it('refuses bad amounts, missing owners, revoked keys and resetting no budget', async () => {
    const { store, budgets } = await setup();
    const key = { kind: 'key', id: 'key_b' } as const;
    expect(await captureRejection(budgets.grant(key, { amount: 0 }, ADMIN, NOW))).toMatchObject({
      param: 'amount',
    });
    expect(await captureRejection(budgets.grant(key, { amount: '1.0000001' }, ADMIN, NOW))).toMatchObject({
      param: 'amount',
    });
    expect(await captureRejection(budgets.grant(key, { amount: 1, why: 'x' }, ADMIN, NOW))).toMatchObject({
      param: 'why',
    });
    expect(await captureRejection(budgets.view({ kind: 'team', id: 'team_x' }, NOW))).toMatchObject({
      status: 404,
    });
    await store.insertApiKey(buildApiKeyRow('key_free'));
    expect(await budgets.view({ kind: 'key', id: 'key_free' }, NOW)).toMatchObject({
      amount: null,
      remaining: null,
      window_start: null,
    });
    expect(await captureRejection(budgets.reset({ kind: 'key', id: 'key_free' }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
    await store.revokeApiKey('key_b', NOW);
    expect(await captureRejection(budgets.grant(key, { amount: 1 }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
  });
});

describe.each(storeDialectCases)('$dialect: PriceService', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('sets, changes and deletes prices with audit entries; the cached price defaults to the input price', async () => {
    const { store } = subject();
    const runtime = testRuntime();
    const prices = new PriceService(store, runtime);
    expect(await prices.put('org/model:v1', { input: 2.5, output: '10' }, ADMIN, NOW)).toEqual({
      object: 'price',
      model: 'org/model:v1',
      input: '2.5',
      input_micros: 2_500_000,
      cached_input: '2.5',
      cached_input_micros: 2_500_000,
      output: '10',
      output_micros: 10_000_000,
      currency: 'CNY',
      source: 'api',
      updated_at: new Date(NOW).toISOString(),
    });
    await prices.put('org/model:v1', { input: 2, cached_input: 0.5, output: 8 }, ADMIN, NOW + 1);
    expect(await prices.list()).toMatchObject([{ model: 'org/model:v1', cached_input: '0.5', output: '8' }]);
    expect(await prices.delete('org/model:v1', ADMIN, NOW + 2)).toMatchObject({ model: 'org/model:v1' });
    expect(await prices.list()).toEqual([]);
    expect(await captureRejection(prices.delete('org/model:v1', ADMIN, NOW))).toMatchObject({ status: 404 });
    expect(await captureRejection(prices.put('m', { input: 1 }, ADMIN, NOW))).toMatchObject({
      param: 'output',
    });
    const actions = (await store.queryAudit({ targetType: 'price' })).data.map((entry) => entry.action);
    expect(actions).toEqual(['price.delete', 'price.put', 'price.put']);
    expect(runtime.refresh).toHaveBeenCalledTimes(3);
  });

  it('refuses to change a price the config declares', async () => {
    const { store } = subject();
    await store.upsertPrice({
      model: 'gpt-a',
      inputMicros: 1,
      cachedInputMicros: 1,
      outputMicros: 1,
      source: 'config',
      updatedAtMs: NOW,
    });
    const prices = new PriceService(store, testRuntime());
    expect(await captureRejection(prices.put('gpt-a', { input: 1, output: 1 }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
    expect(await captureRejection(prices.delete('gpt-a', ADMIN, NOW))).toMatchObject({ code: 'conflict' });
  });
});
