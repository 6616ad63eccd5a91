import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord } from '../../test/support/usage-records.js';
import type { UsageRecord, UsageSummaryRow } from './store-types.js';
import { nearestRankPercentile } from './usage-summary.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 2023-11-14 00:00 UTC. */
const DAY0 = 1_699_920_000_000;
const HOUR0 = DAY0 + 5 * HOUR_MS;

const TOKENS = { promptTokens: 10, cachedTokens: 2, completionTokens: 5, costMicros: 100 };

/**
 * Hour 0: gpt-a × 100 with latencies 1..100 (every tenth a timeout; TTFT i/2 on even i, none on odd i;
 * key_z on even i, no key on odd i) and gpt-b × 1 on key_a. Hour 1: gpt-a × 3. The next day: gpt-a × 1.
 */
function buildDataSet(): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (let latency = 1; latency <= 100; latency++) {
    records.push(
      buildUsageRecord(latency, {
        ...TOKENS,
        createdAtMs: HOUR0 + latency * 1_000,
        model: 'gpt-a',
        keyId: latency % 2 === 0 ? 'key_z' : null,
        teamId: latency % 2 === 0 ? 'team_z' : null,
        status: latency % 10 === 0 ? 'timeout' : 'ok',
        latencyMs: latency,
        ttftMs: latency % 2 === 0 ? latency / 2 : null,
      }),
    );
  }
  records.push(
    buildUsageRecord(200, {
      ...TOKENS,
      createdAtMs: HOUR0 + 1,
      model: 'gpt-b',
      keyId: 'key_a',
      latencyMs: 7,
      ttftMs: null,
    }),
  );
  [30, 10, 20].forEach((latency, position) => {
    records.push(
      buildUsageRecord(300 + position, {
        ...TOKENS,
        createdAtMs: HOUR0 + HOUR_MS + position,
        model: 'gpt-a',
        keyId: 'key_z',
        latencyMs: latency,
        ttftMs: latency,
        status: 'quota_exceeded',
      }),
    );
  });
  records.push(
    buildUsageRecord(400, { ...TOKENS, createdAtMs: DAY0 + DAY_MS + 1, model: 'gpt-a', keyId: 'key_z' }),
  );
  // Stored in reverse so nothing depends on insertion order.
  return records.reverse();
}

function summaryRow(
  bucketStartMs: number,
  group: string | null,
  fields: Partial<UsageSummaryRow>,
): UsageSummaryRow {
  const requests = fields.requests ?? 1;
  return {
    bucketStartMs,
    group,
    requests,
    errors: 0,
    promptTokens: requests * TOKENS.promptTokens,
    cachedTokens: requests * TOKENS.cachedTokens,
    completionTokens: requests * TOKENS.completionTokens,
    costMicros: requests * TOKENS.costMicros,
    latencyP50Ms: null,
    latencyP99Ms: null,
    ttftP50Ms: null,
    ttftP99Ms: null,
    ...fields,
  };
}

describe('nearestRankPercentile', () => {
  it('takes the value at rank ceil(p/100 × n)', () => {
    const oneToThousand = Array.from({ length: 1000 }, (_, index) => index + 1);
    expect(nearestRankPercentile(oneToThousand, 99)).toBe(990);
    expect(nearestRankPercentile(oneToThousand, 50)).toBe(500);
    expect(nearestRankPercentile([42], 99)).toBe(42);
    expect(nearestRankPercentile([42], 0)).toBe(42);
    expect(nearestRankPercentile([1, 2], 50)).toBe(1);
    expect(nearestRankPercentile([], 50)).toBeNull();
  });
});

describe.each(storeDialectCases)('$dialect store: usage summary', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('aggregates per hour and model with exact percentiles', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildDataSet());
    expect(await store.summarizeUsage({ filter: {}, bucket: 'hour', groupBy: 'model' })).toEqual([
      summaryRow(HOUR0, 'gpt-a', {
        requests: 100,
        errors: 10,
        latencyP50Ms: 50,
        latencyP99Ms: 99,
        ttftP50Ms: 25,
        ttftP99Ms: 50,
      }),
      summaryRow(HOUR0, 'gpt-b', { latencyP50Ms: 7, latencyP99Ms: 7 }),
      summaryRow(HOUR0 + HOUR_MS, 'gpt-a', {
        requests: 3,
        errors: 3,
        latencyP50Ms: 20,
        latencyP99Ms: 30,
        ttftP50Ms: 20,
        ttftP99Ms: 30,
      }),
      summaryRow(DAY0 + DAY_MS, 'gpt-a', {
        latencyP50Ms: 120,
        latencyP99Ms: 120,
        ttftP50Ms: 40,
        ttftP99Ms: 40,
      }),
    ]);
  });

  it('groups by key per day, the keyless group last, and applies the filter', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildDataSet());
    expect(await store.summarizeUsage({ filter: {}, bucket: 'day', groupBy: 'key' })).toEqual([
      summaryRow(DAY0, 'key_a', { latencyP50Ms: 7, latencyP99Ms: 7 }),
      // Even latencies 2..100 (ten timeouts) plus 10, 20, 30 (quota_exceeded): rank 27 of 53 is 48.
      summaryRow(DAY0, 'key_z', {
        requests: 53,
        errors: 13,
        latencyP50Ms: 48,
        latencyP99Ms: 100,
        ttftP50Ms: 25,
        ttftP99Ms: 50,
      }),
      // Odd latencies 1..99, none with a TTFT.
      summaryRow(DAY0, null, { requests: 50, latencyP50Ms: 49, latencyP99Ms: 99 }),
      summaryRow(DAY0 + DAY_MS, 'key_z', {
        latencyP50Ms: 120,
        latencyP99Ms: 120,
        ttftP50Ms: 40,
        ttftP99Ms: 40,
      }),
    ]);

    const byTeam = await store.summarizeUsage({
      filter: { teamId: 'team_z' },
      bucket: 'day',
      groupBy: 'team',
    });
    expect(byTeam.map((row) => [row.group, row.requests, row.errors])).toEqual([['team_z', 50, 10]]);

    const later = await store.summarizeUsage({
      filter: { model: 'gpt-a', fromMs: HOUR0 + HOUR_MS },
      bucket: 'hour',
      groupBy: 'model',
    });
    expect(later.map((row) => [row.bucketStartMs, row.requests])).toEqual([
      [HOUR0 + HOUR_MS, 3],
      [DAY0 + DAY_MS, 1],
    ]);
    expect(
      await store.summarizeUsage({ filter: { keyId: 'nobody' }, bucket: 'hour', groupBy: 'key' }),
    ).toEqual([]);
  });
});
