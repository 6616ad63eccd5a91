import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord } from '../../test/support/usage-records.js';
import type { UsageRecord } from './store-types.js';

/** Every third record is free; every fourth has logged bodies; cost grows with the index. */
function buildPricedRecords(count: number, offset = 0): UsageRecord[] {
  return Array.from({ length: count }, (_, position) => {
    const index = offset + position;
    return buildUsageRecord(index, {
      keyId: index % 2 === 0 ? 'key_a' : 'key_b',
      teamId: index % 2 === 0 ? 'team_a' : null,
      costMicros: index % 3 === 0 ? 0 : 1_000 + index,
      ...(index % 4 === 0
        ? {
            bodies: { request: `{"n":${index}}`, response: `«answer ${index}»`, expiresAtMs: 10_000 + index },
          }
        : {}),
    });
  });
}

function sumCost(records: readonly UsageRecord[]): number {
  return records.reduce((sum, record) => sum + record.costMicros, 0);
}

describe.each(storeDialectCases)('$dialect store: usage charges and logged bodies', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('writes one charge per new priced record, none for free or re-appended records', async () => {
    const { store } = subject();
    // Over 200 rows, so the PostgreSQL path spans several INSERT statements.
    const records = buildPricedRecords(450);
    expect(await store.appendUsageBatch(records)).toBe(450);
    const priced = records.filter((record) => record.costMicros > 0);
    expect(await store.sumLedger({ kind: 'charge' })).toEqual({
      creditsMicros: 0,
      debitsMicros: sumCost(records),
      entries: priced.length,
    });

    // A retried batch, and one mixing old rows with new ones (one of them twice).
    expect(await store.appendUsageBatch(records)).toBe(0);
    const fresh = buildPricedRecords(3, 450);
    const duplicate = { ...fresh[1]!, costMicros: 999_999 };
    expect(await store.appendUsageBatch([...records.slice(400), ...fresh, duplicate])).toBe(3);
    const all = [...records, ...fresh];
    const totals = await store.sumLedger({ kind: 'charge' });
    expect(totals.debitsMicros).toBe(sumCost(all));
    expect(totals.entries).toBe(all.filter((record) => record.costMicros > 0).length);
    expect((await store.queryUsage({ limit: 1000 })).data.map((record) => record.costMicros).sort()).toEqual(
      all.map((record) => record.costMicros).sort(),
    );

    // Per key and per team, the ledger agrees with usage.
    for (const keyId of ['key_a', 'key_b']) {
      const ofKey = all.filter((record) => record.keyId === keyId);
      expect((await store.sumLedger({ keyId })).debitsMicros).toBe(sumCost(ofKey));
    }
    const ofTeam = all.filter((record) => record.teamId === 'team_a');
    expect((await store.sumLedger({ teamId: 'team_a' })).debitsMicros).toBe(sumCost(ofTeam));
  });

  it('describes the charge with the request, key, team and model', async () => {
    const { store } = subject();
    const record = buildUsageRecord(7, {
      keyId: 'key_a',
      teamId: 'team_a',
      model: 'gpt-x',
      costMicros: 4_321,
    });
    await store.appendUsageBatch([record]);
    expect((await store.queryLedger({})).data).toEqual([
      {
        id: `chg_${record.requestId}`,
        createdAtMs: record.createdAtMs,
        kind: 'charge',
        keyId: 'key_a',
        teamId: 'team_a',
        amountMicros: -4_321,
        requestId: record.requestId,
        model: 'gpt-x',
        actor: null,
        note: null,
      },
    ]);
    // The record reads back without its bodies field and with its cost.
    expect((await store.queryUsage({})).data).toEqual([record]);
  });

  it('keeps logged bodies apart from the record, once, until they are purged', async () => {
    const { store } = subject();
    const records = buildPricedRecords(12);
    await store.appendUsageBatch(records);
    const logged = records.filter((record) => record.bodies !== undefined);
    expect(logged.map((record) => record.requestId)).toEqual(['req_000000', 'req_000004', 'req_000008']);
    for (const record of logged) {
      expect(await store.findRequestBodies(record.requestId)).toEqual({
        request: record.bodies!.request,
        response: record.bodies!.response,
      });
      const { bodies: _bodies, ...withoutBodies } = record;
      const range = { fromMs: record.createdAtMs, toMs: record.createdAtMs + 1 };
      expect((await store.queryUsage(range)).data).toEqual([withoutBodies]);
    }
    expect(await store.findRequestBodies('req_000001')).toBeNull();

    // A re-appended record does not replace what was logged.
    const again = { ...records[0]!, bodies: { request: 'other', response: 'other', expiresAtMs: 99_999 } };
    await store.appendUsageBatch([again]);
    expect((await store.findRequestBodies('req_000000'))?.request).toBe('{"n":0}');

    // Expiries are 10_000, 10_004 and 10_008: purge removes those strictly before now.
    expect(await store.purgeRequestBodies(10_004)).toBe(1);
    expect(await store.findRequestBodies('req_000000')).toBeNull();
    expect(await store.findRequestBodies('req_000004')).not.toBeNull();
    expect(await store.purgeRequestBodies(10_004)).toBe(0);
    expect(await store.purgeRequestBodies(20_000)).toBe(2);
    expect(await store.countUsage({})).toBe(12);
  });
});
