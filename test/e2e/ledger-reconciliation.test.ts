import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-database.js';
import { ADMIN_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

const TEAM_KEY = 'sk-reconcile-team-0123456789abcdef';
const SOLO_KEY = 'sk-reconcile-solo-0123456789abcdef';

// Odd prices and a 0.9 multiplier, so rounding to the micro-unit happens on nearly every request.
const YAML = {
  top: `
currency: CNY
prices:
  gpt-test: { input: 1.234567, cached_input: 0.333333, output: 7.777777 }
  slow-stream: { input: 2.5, output: 10.000001 }
  no-usage: { input: 3.3, output: 6.6 }
  broken-stream: { input: 1, output: 1 }
  error-in-stream: { input: 1, output: 1 }
  error-500: { input: 1, output: 1 }
teams:
  - name: finance
    price_multiplier: 0.9
    budget: { amount: 100, period: monthly }
`,
  keys: `
  - name: finance-bot
    key: ${TEAM_KEY}
    team: finance
  - name: solo
    key: ${SOLO_KEY}
    budget: { amount: 100, period: daily }
`,
};

interface LedgerTotalsView {
  debits_micros: number;
  entries: number;
}
interface SummaryView {
  data: Array<{ cost_micros: number; requests: number }>;
}
interface KeyListView {
  data: Array<{ team_id: string }>;
}

async function admin(url: string, path: string): Promise<Response> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(response.status, path).toBe(200);
  return response;
}

/** Reads a stream until its first content chunk, then drops the connection. */
async function abortAfterFirstChunk(url: string, key: string): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'slow-stream',
      stream: true,
      messages: [{ role: 'user', content: 'go on' }],
    }),
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  await reader?.read();
  await reader?.read();
  controller.abort();
}

async function mixedLoad(url: string): Promise<number> {
  let requests = 0;
  const clients = [TEAM_KEY, SOLO_KEY].map(
    (key) => new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 }),
  );
  const work: Promise<unknown>[] = [];
  for (const client of clients) {
    for (let index = 0; index < 6; index += 1) {
      work.push(
        client.chat.completions.create({
          model: 'gpt-test',
          messages: [{ role: 'user', content: `hello number ${index}` }],
        }),
      );
      work.push(
        (async () => {
          const stream = await client.chat.completions.create({
            model: 'gpt-test',
            messages: [{ role: 'user', content: `stream ${index} please` }],
            stream: true,
            stream_options: { include_usage: index % 2 === 0 },
          });
          for await (const _chunk of stream);
        })(),
      );
      requests += 2;
    }
    for (const model of ['error-500', 'broken-stream', 'error-in-stream', 'no-usage']) {
      for (let index = 0; index < 2; index += 1) {
        const stream = model !== 'error-500';
        work.push(
          client.chat.completions
            .create({ model, messages: [{ role: 'user', content: 'try this' }], stream })
            .then(async (result) => {
              if (stream) for await (const _chunk of result as AsyncIterable<unknown>);
            })
            .catch(() => {}),
        );
        requests += 1;
      }
    }
  }
  for (const key of [TEAM_KEY, SOLO_KEY]) {
    for (let index = 0; index < 2; index += 1) {
      work.push(abortAfterFirstChunk(url, key));
      requests += 1;
    }
  }
  await Promise.all(work);
  return requests;
}

const databases = [
  { dialect: 'sqlite', postgres: false },
  { dialect: 'postgres', postgres: true },
];

describe.each(databases)('usage totals equal the ledger to the micro-unit ($dialect)', (database) => {
  const upstream = new FakeOpenAiUpstream();
  let postgres: PostgresTestDatabase | null = null;
  let opt: TestOpt;

  beforeAll(async () => {
    if (database.postgres) {
      postgres = await createPostgresTestDatabase();
      if (!postgres) return;
    }
    await upstream.start();
    opt = await startTestOpt({ upstreamUrl: upstream.url, yaml: YAML, databaseUrl: postgres?.url ?? null });
  });
  afterAll(async () => {
    await opt?.stop();
    await upstream.close();
    await postgres?.drop();
  });

  it('after streamed, failed and aborted requests: one record each, one charge per priced record, equal sums', async (context) => {
    if (database.postgres && !postgres)
      return context.skip('PostgreSQL is unreachable (OPT_TEST_DATABASE_URL)');
    const requests = await mixedLoad(opt.url);
    await opt.flushUsage();

    const records = await fetchUsage(opt.url);
    expect(records).toHaveLength(requests);
    const statuses = new Set(records.map((record) => record.status));
    for (const status of ['ok', 'upstream_error', 'cancelled']) expect(statuses).toContain(status);
    const usageTotal = records.reduce((sum, record) => sum + (record.cost_micros as number), 0);
    expect(
      records.some((record) => record.status === 'cancelled' && (record.cost_micros as number) > 0),
    ).toBe(true);

    const ledger = (await (
      await admin(opt.url, '/admin/ledger/totals?kind=charge')
    ).json()) as LedgerTotalsView;
    expect(ledger.debits_micros).toBe(usageTotal);
    expect(ledger.entries).toBe(records.filter((record) => (record.cost_micros as number) > 0).length);

    const summary = (await (
      await admin(opt.url, '/admin/usage/summary?bucket=day&group_by=key')
    ).json()) as SummaryView;
    const summaryTotal = summary.data.reduce(
      (sum: number, row: { cost_micros: number }) => sum + row.cost_micros,
      0,
    );
    expect(summaryTotal).toBe(usageTotal);
    expect(summary.data.reduce((sum: number, row: { requests: number }) => sum + row.requests, 0)).toBe(
      requests,
    );

    // Per key, through the team: the finance key's charges are the team's charges.
    const keys = ((await (await admin(opt.url, '/admin/keys?search=finance-bot')).json()) as KeyListView)
      .data;
    const teamCharges = (await (
      await admin(opt.url, `/admin/ledger/totals?kind=charge&team_id=${keys[0]?.team_id}`)
    ).json()) as LedgerTotalsView;
    const financeTotal = records
      .filter((record) => record.key_name === 'finance-bot')
      .reduce((sum, record) => sum + (record.cost_micros as number), 0);
    expect(teamCharges.debits_micros).toBe(financeTotal);

    const csv = await (await admin(opt.url, '/admin/usage?format=csv')).text();
    expect(csv.trim().split('\n')).toHaveLength(requests + 1);
  });
});
