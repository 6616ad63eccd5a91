import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord } from '../../test/support/usage-records.js';
import { parseUsageSummaryQuery } from '../admin/usage-query-params.js';
import type { UsageRecord } from './store-types.js';

/** 2023-11-14 05:00 UTC. */
const START = 1_699_938_000_000;
const MINUTE_MS = 60_000;

/** Two models over three minutes: latencies 1..10 on gpt-a (minute 0 and 1), 100 on gpt-b (minute 2). */
function buildDataSet(): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (let latency = 1; latency <= 10; latency++) {
    records.push(
      buildUsageRecord(latency, {
        createdAtMs: START + (latency <= 5 ? 0 : MINUTE_MS) + latency,
        model: 'gpt-a',
        status: latency === 10 ? 'timeout' : 'ok',
        latencyMs: latency,
        ttftMs: latency,
      }),
    );
  }
  records.push(
    buildUsageRecord(99, {
      createdAtMs: START + 2 * MINUTE_MS,
      model: 'gpt-b',
      latencyMs: 100,
      ttftMs: null,
    }),
  );
  return records;
}

describe('parseUsageSummaryQuery', () => {
  it('accepts minute and all buckets and group_by=none', () => {
    expect(parseUsageSummaryQuery({ bucket: 'minute', group_by: 'none' })).toMatchObject({
      bucket: 'minute',
      groupBy: 'none',
    });
    expect(parseUsageSummaryQuery({ bucket: 'all' })).toMatchObject({ bucket: 'all', groupBy: 'model' });
    expect(() => parseUsageSummaryQuery({ bucket: 'week' })).toThrow();
  });
});

describe.each(storeDialectCases)('$dialect store: usage summary ranges', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('gives one row over the whole range with exact percentiles (bucket=all, group_by=none)', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildDataSet());
    const rows = await store.summarizeUsage({
      filter: { fromMs: START - 5 },
      bucket: 'all',
      groupBy: 'none',
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      bucketStartMs: START - 5,
      group: null,
      requests: 11,
      errors: 1,
      // Latencies 1..10 and 100: rank 6 of 11 is 6; rank 11 is 100.
      latencyP50Ms: 6,
      latencyP99Ms: 100,
      ttftP50Ms: 5,
      ttftP99Ms: 10,
    });
  });

  it('buckets per UTC minute', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildDataSet());
    const rows = await store.summarizeUsage({ filter: {}, bucket: 'minute', groupBy: 'none' });
    expect(rows.map((row) => [row.bucketStartMs, row.group, row.requests, row.latencyP99Ms])).toEqual([
      [START, null, 5, 5],
      [START + MINUTE_MS, null, 5, 10],
      [START + 2 * MINUTE_MS, null, 1, 100],
    ]);
  });
});
