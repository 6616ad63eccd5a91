import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { InvalidRequestError } from '../api/gateway-error.js';
import type { Store } from './store.js';
import type { AuditEntry, LedgerEntry, LedgerQuery } from './store-types.js';

function buildEntry(index: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: `led_${String(index).padStart(4, '0')}`,
    createdAtMs: 1_700_000_000_000 + index * 1_000,
    kind: 'grant',
    keyId: null,
    teamId: 'team_a',
    amountMicros: 5_000_000,
    requestId: null,
    model: null,
    actor: 'root',
    note: 'top-up',
    ...overrides,
  };
}

function buildAuditEntry(index: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `aud_${String(index).padStart(4, '0')}`,
    createdAtMs: 1_700_000_000_000 + Math.floor(index / 4) * 1_000,
    actorId: 'adm_1',
    actorName: 'root',
    action: index % 2 === 0 ? 'team.update' : 'key.update',
    targetType: index % 2 === 0 ? 'team' : 'key',
    targetId: `target_${index % 3}`,
    before: '{"name":"a"}',
    after: null,
    ...overrides,
  };
}

async function readAllLedgerPages(store: Store, query: LedgerQuery): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryLedger({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...page.data.map((entry) => entry.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

describe.each(storeDialectCases)('$dialect store: ledger and audit log', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('appends entries once by id and reads them back exactly', async () => {
    const { store } = subject();
    const charge = buildEntry(1, {
      kind: 'charge',
      keyId: 'key_a',
      amountMicros: -1_234,
      requestId: 'req_1',
      model: 'gpt-a',
      actor: null,
      note: null,
    });
    const grant = buildEntry(2, { amountMicros: 2 ** 40 });
    expect(await store.appendLedgerEntries([charge, grant])).toBe(2);
    expect(await store.appendLedgerEntries([grant, buildEntry(3), buildEntry(3)])).toBe(1);
    expect(await store.appendLedgerEntries([])).toBe(0);
    expect((await store.queryLedger({})).data).toEqual([buildEntry(3), grant, charge]);
  });

  it('pages newest first with ties broken by id, and sums by sign over the filters', async () => {
    const { store } = subject();
    // 60 entries on 12 timestamps: charges for two keys of team_a, grants to team_a and team_b.
    const entries = Array.from({ length: 60 }, (_, index) =>
      buildEntry(index, {
        createdAtMs: 1_700_000_000_000 + Math.floor(index / 5) * 1_000,
        ...(index % 3 === 0
          ? { teamId: index % 2 === 0 ? 'team_a' : 'team_b', amountMicros: 1_000 + index }
          : { kind: 'charge', keyId: index % 2 === 0 ? 'key_x' : 'key_y', amountMicros: -(10 + index) }),
      }),
    );
    await store.appendLedgerEntries(entries);
    const newestFirst = [...entries]
      .sort((left, right) => right.createdAtMs - left.createdAtMs || (left.id < right.id ? 1 : -1))
      .map((entry) => entry.id);
    expect(await readAllLedgerPages(store, { limit: 7 })).toEqual(newestFirst);

    const expectSlice = async (query: LedgerQuery, keep: (entry: LedgerEntry) => boolean) => {
      const kept = entries.filter(keep);
      expect(await readAllLedgerPages(store, { ...query, limit: 4 })).toEqual(
        newestFirst.filter((id) => kept.some((entry) => entry.id === id)),
      );
      expect(await store.sumLedger({ ...query, limit: 1, cursor: 'ignored' })).toEqual({
        creditsMicros: kept.filter((e) => e.amountMicros > 0).reduce((sum, e) => sum + e.amountMicros, 0),
        debitsMicros: kept.filter((e) => e.amountMicros < 0).reduce((sum, e) => sum - e.amountMicros, 0),
        entries: kept.length,
      });
    };
    await expectSlice({}, () => true);
    await expectSlice({ kind: 'charge' }, (entry) => entry.kind === 'charge');
    await expectSlice({ keyId: 'key_x' }, (entry) => entry.keyId === 'key_x');
    await expectSlice(
      { teamId: 'team_b', kind: 'grant' },
      (e) => e.teamId === 'team_b' && e.kind === 'grant',
    );
    const fromMs = entries[10]!.createdAtMs;
    const toMs = entries[40]!.createdAtMs;
    await expectSlice({ fromMs, toMs }, (entry) => entry.createdAtMs >= fromMs && entry.createdAtMs < toMs);
    await expectSlice({ kind: 'reset' }, () => false);
  });

  it('rejects a forged ledger or audit cursor', async () => {
    const { store } = subject();
    await expect(store.queryLedger({ cursor: 'nope!' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(store.queryAudit({ cursor: 'nope!' })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('appends audit entries and pages them newest first under each filter', async () => {
    const { store } = subject();
    const entries = Array.from({ length: 30 }, (_, index) => buildAuditEntry(index));
    for (const entry of entries) await store.appendAuditEntry(entry);
    await store.appendAuditEntry(buildAuditEntry(99, { actorId: null, targetId: null, after: '{"b":1}' }));
    entries.push(buildAuditEntry(99, { actorId: null, targetId: null, after: '{"b":1}' }));
    const newestFirst = [...entries].sort(
      (left, right) => right.createdAtMs - left.createdAtMs || (left.id < right.id ? 1 : -1),
    );

    const readAll = async (query: Parameters<Store['queryAudit']>[0]) => {
      const read: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryAudit({ ...query, limit: 4, ...(cursor ? { cursor } : {}) });
        read.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return read;
    };
    expect(await readAll({})).toEqual(newestFirst);
    expect(await readAll({ action: 'key.update' })).toEqual(
      newestFirst.filter((e) => e.action === 'key.update'),
    );
    expect(await readAll({ targetType: 'team', targetId: 'target_1' })).toEqual(
      newestFirst.filter((e) => e.targetType === 'team' && e.targetId === 'target_1'),
    );
    const fromMs = entries[8]!.createdAtMs;
    expect(await readAll({ fromMs, toMs: fromMs + 2_000 })).toEqual(
      newestFirst.filter((e) => e.createdAtMs >= fromMs && e.createdAtMs < fromMs + 2_000),
    );
  });
});
