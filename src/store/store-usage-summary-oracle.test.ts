import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord } from '../../test/support/usage-records.js';
import type { UsageBucket, UsageGroup, UsageRecord, UsageSummaryQuery } from './store-types.js';
import { summarizeUsageSamples, type UsageSample } from './usage-summary.js';

/** 2023-11-14 00:00 UTC. */
const DAY0 = 1_699_920_000_000;
const SPAN_MS = 3 * 86_400_000;
const RECORD_COUNT = 3_000;

/** A small seeded generator (mulberry32), so a failure reproduces. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Many ties (latencies from a small range), a third without TTFT, groups that include null and "null". */
function buildRandomRecords(): UsageRecord[] {
  const random = seededRandom(20231114);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: RECORD_COUNT }, (_, index) =>
    buildUsageRecord(index, {
      createdAtMs: DAY0 + Math.floor(random() * SPAN_MS),
      model: pick(['gpt-a', 'gpt-b', 'gpt-c', 'null', 'Z-model']),
      keyId: pick(['key_a', 'key_b', 'null', null]),
      teamId: pick(['team_a', null]),
      status: random() < 0.8 ? 'ok' : pick(['timeout', 'upstream_error']),
      promptTokens: Math.floor(random() * 5_000),
      cachedTokens: Math.floor(random() * 100),
      completionTokens: Math.floor(random() * 2_000),
      costMicros: Math.floor(random() * 1_000_000),
      latencyMs: random() < 0.5 ? 1 + Math.floor(random() * 20) : Math.floor(random() * 30_000),
      ttftMs: random() < 0.35 ? null : Math.floor(random() * 40),
    }),
  );
}

const GROUP_VALUE: Record<UsageGroup, (record: UsageRecord) => string | null> = {
  model: (record) => record.model,
  key: (record) => record.keyId,
  team: (record) => record.teamId,
  none: () => null,
};

/** The in-process reference over the records the filter keeps. */
function referenceSummary(records: UsageRecord[], query: UsageSummaryQuery) {
  const { fromMs, toMs, model } = query.filter;
  const samples: UsageSample[] = records
    .filter(
      (record) =>
        (fromMs === undefined || record.createdAtMs >= fromMs) &&
        (toMs === undefined || record.createdAtMs < toMs) &&
        (model === undefined || record.model === model),
    )
    .map((record) => ({
      createdAtMs: record.createdAtMs,
      group: GROUP_VALUE[query.groupBy](record),
      isError: record.status !== 'ok',
      promptTokens: record.promptTokens,
      cachedTokens: record.cachedTokens,
      completionTokens: record.completionTokens,
      costMicros: record.costMicros,
      latencyMs: record.latencyMs,
      ttftMs: record.ttftMs,
    }));
  return summarizeUsageSamples(samples, query.bucket, fromMs ?? 0);
}

const BUCKETS: UsageBucket[] = ['minute', 'hour', 'day', 'all'];
const GROUPS: UsageGroup[] = ['model', 'key', 'team', 'none'];
const FILTERS: UsageSummaryQuery['filter'][] = [
  {},
  { fromMs: DAY0 + 7_777_777, toMs: DAY0 + 2 * 86_400_000 + 12_345 },
  { model: 'gpt-b', fromMs: DAY0 + 86_400_000 },
];

describe.each(storeDialectCases)(
  '$dialect store: usage summary against the in-process reference',
  (dialectCase) => {
    const subject = useStoreSubject(dialectCase);

    it('gives the same rows for every bucket, group and filter on random data', async () => {
      const { store } = subject();
      const records = buildRandomRecords();
      await store.appendUsageBatch(records);
      let compared = 0;
      for (const bucket of BUCKETS) {
        for (const groupBy of GROUPS) {
          for (const filter of FILTERS) {
            const query: UsageSummaryQuery = { filter, bucket, groupBy };
            const expected = referenceSummary(records, query);
            expect(expected.length).toBeGreaterThan(0);
            expect(await store.summarizeUsage(query), JSON.stringify(query)).toEqual(expected);
            compared += 1;
          }
        }
      }
      expect(compared).toBe(BUCKETS.length * GROUPS.length * FILTERS.length);
    });
  },
);
