import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord, buildUsageRecords } from '../../test/support/usage-records.js';
import { InvalidRequestError } from '../api/gateway-error.js';
import type { Store } from './store.js';
import type { UsageQuery, UsageRecord } from './store-types.js';

async function readAllPages(
  store: Store,
  query: UsageQuery,
): Promise<{ rows: UsageRecord[]; pages: number }> {
  const rows: UsageRecord[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await store.queryUsage({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    rows.push(...page.data);
    pages += 1;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { rows, pages };
}

/** The order queryUsage promises: created_at desc, then request_id desc. */
function newestFirst(records: UsageRecord[]): UsageRecord[] {
  return [...records].sort(
    (left, right) =>
      right.createdAtMs - left.createdAtMs ||
      (left.requestId < right.requestId ? 1 : left.requestId > right.requestId ? -1 : 0),
  );
}

describe.each(storeDialectCases)('$dialect store: usage', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('appends 1,200 rows in one batch and never records a request twice', async () => {
    const { store } = subject();
    const records = buildUsageRecords(1_200);
    expect(await store.appendUsageBatch(records)).toBe(1_200);
    expect(await store.countUsage({})).toBe(1_200);

    // A retried batch, and one mixing old and new rows (including a repeat within the batch itself).
    expect(await store.appendUsageBatch(records)).toBe(0);
    const overlapping = [...records.slice(1_100), buildUsageRecord(1_200), buildUsageRecord(1_200)];
    expect(await store.appendUsageBatch(overlapping)).toBe(1);
    expect(await store.countUsage({})).toBe(1_201);
    expect(await store.appendUsageBatch([])).toBe(0);
  });

  it('reads back every field exactly as written', async () => {
    const { store } = subject();
    const failed = buildUsageRecord(1, {
      keyId: null,
      keyName: null,
      servedModel: null,
      channel: null,
      stream: true,
      status: 'upstream_error',
      httpStatus: 502,
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      usageSource: 'none',
      ttftMs: null,
      errorCode: 'upstream_error',
      errorMessage: 'Bad gateway: “upstream” said no',
    });
    const large = buildUsageRecord(2, {
      stream: false,
      teamId: 'team_a',
      promptTokens: 2 ** 40,
      totalTokens: 2 ** 40 + 20,
      costMicros: 2 ** 45,
    });
    const limited = buildUsageRecord(3, { status: 'rate_limited', httpStatus: 429, teamId: 'team_a' });
    const overQuota = buildUsageRecord(4, { status: 'quota_exceeded', httpStatus: 429 });
    await store.appendUsageBatch([failed, large, limited, overQuota]);
    expect((await store.queryUsage({})).data).toEqual([overQuota, limited, large, failed]);
  });

  it('filters by key, team, model, channel and status, and by a [from, to) time range', async () => {
    const { store } = subject();
    const records = buildUsageRecords(40).map((record, index) => ({
      ...record,
      keyId: index % 2 === 0 ? 'key_even' : 'key_odd',
      teamId: index % 3 === 0 ? 'team_three' : null,
      model: index % 4 === 0 ? 'model-four' : 'model-other',
      channel: index < 10 ? 'first-ten' : 'rest',
      status: index % 5 === 0 ? ('timeout' as const) : ('ok' as const),
    }));
    await store.appendUsageBatch(records);
    const expectIds = async (query: UsageQuery, keep: (record: UsageRecord) => boolean) => {
      const expected = newestFirst(records.filter(keep)).map((record) => record.requestId);
      expect((await store.queryUsage(query)).data.map((record) => record.requestId)).toEqual(expected);
      expect(await store.countUsage(query)).toBe(expected.length);
    };

    await expectIds({ keyId: 'key_even' }, (record) => record.keyId === 'key_even');
    await expectIds({ teamId: 'team_three' }, (record) => record.teamId === 'team_three');
    await expectIds({ model: 'model-four' }, (record) => record.model === 'model-four');
    await expectIds({ channel: 'first-ten' }, (record) => record.channel === 'first-ten');
    await expectIds({ status: 'timeout' }, (record) => record.status === 'timeout');
    await expectIds(
      { keyId: 'key_odd', status: 'timeout', channel: 'rest' },
      (record) => record.keyId === 'key_odd' && record.status === 'timeout' && record.channel === 'rest',
    );
    const fromMs = records[5]!.createdAtMs;
    const toMs = records[15]!.createdAtMs;
    await expectIds({ fromMs, toMs }, (record) => record.createdAtMs >= fromMs && record.createdAtMs < toMs);
    await expectIds({ fromMs: toMs, toMs: toMs }, () => false);
    await expectIds({ keyId: 'nobody' }, () => false);
  });

  it('pages through every row exactly once, newest first, with ties broken by request id', async () => {
    const { store } = subject();
    // 250 rows on 25 distinct timestamps, so most page boundaries fall inside a tie.
    const records = Array.from({ length: 250 }, (_, index) =>
      buildUsageRecord(index, { createdAtMs: 1_700_000_000_000 + Math.floor(index / 10) * 1_000 }),
    );
    await store.appendUsageBatch(records);

    const { rows, pages } = await readAllPages(store, { limit: 7 });
    expect(pages).toBe(Math.ceil(250 / 7));
    expect(rows.map((record) => record.requestId)).toEqual(newestFirst(records).map((r) => r.requestId));

    const filtered = await readAllPages(store, { limit: 9, fromMs: records[30]!.createdAtMs });
    expect(filtered.rows.map((record) => record.requestId)).toEqual(
      newestFirst(records.slice(30)).map((record) => record.requestId),
    );

    const exact = await readAllPages(store, { limit: 125 });
    expect(exact.pages).toBe(2);
  });

  it('keeps a cursor stable while newer rows arrive', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildUsageRecords(30));
    const first = await store.queryUsage({ limit: 10 });
    expect(first.nextCursor).not.toBeNull();
    const secondBefore = await store.queryUsage({ limit: 10, cursor: first.nextCursor! });

    const newer = Array.from({ length: 5 }, (_, index) => buildUsageRecord(100 + index));
    await store.appendUsageBatch(newer);
    expect((await store.queryUsage({ limit: 1 })).data[0]?.requestId).toBe(newer[4]!.requestId);
    const secondAfter = await store.queryUsage({ limit: 10, cursor: first.nextCursor! });
    expect(secondAfter).toEqual(secondBefore);
  });

  it('defaults the page size to 100, clamps it to 1..1000 and rejects a forged cursor', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildUsageRecords(1_050));
    expect((await store.queryUsage({})).data).toHaveLength(100);
    expect((await store.queryUsage({ limit: 0 })).data).toHaveLength(1);
    expect((await store.queryUsage({ limit: 5_000 })).data).toHaveLength(1_000);
    expect((await store.queryUsage({ limit: 1_000 })).nextCursor).not.toBeNull();

    for (const cursor of ['not base64 !', Buffer.from('{"a":1}').toString('base64url'), '']) {
      await expect(store.queryUsage({ cursor })).rejects.toBeInstanceOf(InvalidRequestError);
    }
  });
});
