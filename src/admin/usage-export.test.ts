import { describe, expect, it } from 'vitest';
import { buildApiKeyRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { buildUsageRecord, buildUsageRecords } from '../../test/support/usage-records.js';
import { exportUsageCsv, USAGE_CSV_COLUMNS } from './usage-export.js';
import { summarizeUsageView, toSummaryCsv } from './usage-summary-view.js';

async function collect(chunks: AsyncIterable<string>): Promise<{ text: string; count: number }> {
  let text = '';
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count++;
  }
  return { text, count };
}

describe.each(storeDialectCases)('$dialect: usage export and summary', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('streams every matching record as CSV, a page of 1000 per chunk, newest first', async () => {
    const { store } = subject();
    await store.appendUsageBatch(buildUsageRecords(2_300, { costMicros: 1_500 }));
    await store.appendUsageBatch([buildUsageRecord(5_000, { model: 'other' })]);
    const { text, count } = await collect(await exportUsageCsv(store, { model: 'gpt-test', limit: 5 }));
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(USAGE_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 2_300 + 1);
    expect(count).toBe(1 + 3);
    expect(lines[1]).toMatch(/^req_002299,/);
    expect(lines[1]).toContain(',0.0015,1500,');
    expect(new Set(lines.slice(1, -1).map((line) => line.split(',')[0])).size).toBe(2_300);
  });

  it('escapes and defuses text a client or upstream controlled', async () => {
    const { store } = subject();
    await store.appendUsageBatch([
      buildUsageRecord(1, {
        status: 'upstream_error',
        errorCode: 'upstream_error',
        errorMessage: '=cmd|" /C calc"!A0, then\nmore',
        keyName: '@boss',
      }),
    ]);
    const { text } = await collect(await exportUsageCsv(store, {}));
    const row = text.split('\r\n')[1]!;
    expect(row).toContain(`"'=cmd|"" /C calc""!A0, then\nmore"`);
    expect(row).toContain(",'@boss,");
  });

  it('summarises by key with names, error rates and totals, and as CSV', async () => {
    const { store } = subject();
    await store.insertApiKey(buildApiKeyRow('key_a', { name: 'alpha' }));
    const hour = Date.UTC(2025, 0, 1, 10);
    await store.appendUsageBatch([
      buildUsageRecord(1, { createdAtMs: hour + 1, costMicros: 1_000_000, promptTokens: 10 }),
      buildUsageRecord(2, {
        createdAtMs: hour + 2,
        costMicros: 500_000,
        status: 'timeout',
        promptTokens: 20,
      }),
      buildUsageRecord(3, { createdAtMs: hour + 3, keyId: 'key_gone', promptTokens: 30 }),
      buildUsageRecord(4, { createdAtMs: hour + 4, keyId: null, keyName: null, promptTokens: 40 }),
    ]);
    const summary = await summarizeUsageView(store, { filter: {}, bucket: 'hour', groupBy: 'key' }, 'CNY');
    const byGroup = new Map(summary.data.map((row) => [row.group, row]));
    expect(byGroup.get('key_a')).toMatchObject({
      bucket_start: new Date(hour).toISOString(),
      group_name: 'alpha',
      requests: 2,
      errors: 1,
      error_rate: 0.5,
      prompt_tokens: 30,
      cost: '1.5',
      cost_micros: 1_500_000,
    });
    expect(byGroup.get('key_gone')).toMatchObject({ group_name: null, requests: 1 });
    expect(byGroup.get(null)).toMatchObject({ group_name: null, requests: 1 });
    expect(summary).toMatchObject({
      object: 'usage_summary',
      currency: 'CNY',
      totals: {
        requests: 4,
        errors: 1,
        error_rate: 0.25,
        prompt_tokens: 100,
        cost: '1.5',
        cost_micros: 1_500_000,
      },
    });
    const csv = toSummaryCsv(summary.data).split('\r\n');
    expect(csv[0]).toBe(
      'bucket_start,group,group_name,requests,errors,error_rate,prompt_tokens,cached_tokens,completion_tokens,' +
        'cost,cost_micros,latency_p50_ms,latency_p99_ms,ttft_p50_ms,ttft_p99_ms',
    );
    expect(csv).toHaveLength(summary.data.length + 2);
  });
});
