import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { FakeOpenAiUpstream, UPSTREAM_KEY } from '../support/fake-openai-upstream.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-database.js';
import { createRedisTestPrefix, type RedisTestPrefix } from '../support/redis-test-prefix.js';
import { type SpawnedOpt, spawnOptServer } from '../support/spawn-opt.js';
import {
  ADMIN_KEY,
  CLIENT_KEY,
  startTestOpt,
  type TestOpt,
  writeTestConfig,
} from '../support/start-test-opt.js';

const CAPPED_KEY = 'sk-capped-test-0123456789abcdef';

// gpt-test costs 1,000 per million tokens for every kind of token: 1,000 micros a token. The fake
// upstream's echo of "hello" is 4 prompt tokens (2 of them cached) and 2 completion tokens: 6,000 micros.
const COST_PER_REQUEST_MICROS = 6_000;
const BUDGET_MICROS = 10 * COST_PER_REQUEST_MICROS;
/**
 * What OPT reserves per request before the call: its prompt estimate plus max_tokens (5), priced. The
 * exact figure depends on the estimator; the bound below only needs it not to be larger than this.
 */
const MAX_ESTIMATE_MICROS = 20 * 1_000;

const TENANCY_YAML = {
  top: `
currency: CNY
prices:
  gpt-test: { input: 1000, cached_input: 1000, output: 1000 }
`,
  keys: `
  - name: capped
    key: ${CAPPED_KEY}
    budget: { amount: 0.06, period: daily }
`,
};

interface WaveResult {
  ok: number;
  refused: number;
  other: number[];
}

async function fireWave(urls: readonly string[], count: number): Promise<WaveResult> {
  const responses = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      fetch(`${urls[index % urls.length]}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CAPPED_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gpt-test',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'hello' }],
        }),
      }).then(async (response) => ({ status: response.status, body: await response.text() })),
    ),
  );
  const result: WaveResult = { ok: 0, refused: 0, other: [] };
  for (const response of responses) {
    if (response.status === 200) result.ok += 1;
    else if (response.status === 429 && JSON.parse(response.body).error.code === 'insufficient_quota')
      result.refused += 1;
    else result.other.push(response.status);
  }
  return result;
}

/** Waves of 100 concurrent requests until one wave gets nothing through. */
async function spendUntilRefused(urls: readonly string[]): Promise<{ ok: number; waves: number }> {
  let ok = 0;
  for (let waves = 1; waves <= 30; waves += 1) {
    const wave = await fireWave(urls, 100);
    expect(wave.other).toEqual([]);
    ok += wave.ok;
    if (wave.ok === 0) return { ok, waves };
  }
  throw new Error('the budget never ran out');
}

function expectWithinBudget(spentMicros: number): void {
  expect(spentMicros).toBeLessThanOrEqual(BUDGET_MICROS + MAX_ESTIMATE_MICROS);
  // The budget was really used, not refused wholesale: what is left is less than one reservation.
  expect(spentMicros).toBeGreaterThan(BUDGET_MICROS - MAX_ESTIMATE_MICROS);
}

describe('a budget under 100 concurrent requests (one instance, SQLite, in-process limits)', () => {
  const upstream = new FakeOpenAiUpstream();
  let opt: TestOpt;
  beforeAll(async () => {
    await upstream.start();
    opt = await startTestOpt({ upstreamUrl: upstream.url, yaml: TENANCY_YAML });
  });
  afterAll(async () => {
    await opt?.stop();
    await upstream.close();
  });

  it('never lets the spend pass the budget by more than one estimate, and the ledger agrees', async () => {
    const { ok } = await spendUntilRefused([opt.url]);
    const spent = ok * COST_PER_REQUEST_MICROS;
    expectWithinBudget(spent);
    await opt.flushUsage();
    const key = await opt.opt.store.findApiKeyByName('capped');
    const totals = await opt.opt.store.sumLedger({ keyId: key?.id ?? '', kind: 'charge' });
    expect(totals).toMatchObject({ debitsMicros: spent, entries: ok });
  });
});

describe('a budget under 100 concurrent requests across two OPT processes (PostgreSQL + Redis)', () => {
  const upstream = new FakeOpenAiUpstream();
  let database: PostgresTestDatabase | null = null;
  let redis: RedisTestPrefix | null = null;
  const servers: SpawnedOpt[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    redis = await createRedisTestPrefix();
    if (!database || !redis) return;
    await upstream.start();
    for (let index = 0; index < 2; index += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'opt-two-'));
      dataDirs.push(dataDir);
      const configPath = writeTestConfig(dataDir, upstream.url, undefined, TENANCY_YAML);
      // One after the other: the second joins a database the first has migrated and synced.
      servers.push(
        await spawnOptServer(['--config', configPath, '--data', dataDir], {
          OPT_DATABASE_URL: database.url,
          OPT_REDIS_URL: redis.url,
          OPT_REDIS_PREFIX: redis.prefix,
          OPT_ADMIN_KEY: ADMIN_KEY,
          TEST_UPSTREAM_KEY: UPSTREAM_KEY,
          TEST_CLIENT_KEY: CLIENT_KEY,
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await upstream.close();
    await redis?.cleanup();
    await database?.drop();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('shares one budget: the two together stay within it, and the shared ledger agrees', async (context) => {
    if (!database || !redis)
      return context.skip(
        'PostgreSQL or Redis is unreachable (see OPT_TEST_DATABASE_URL, OPT_TEST_REDIS_URL)',
      );
    const { ok } = await spendUntilRefused(servers.map((server) => server.url));
    const spent = ok * COST_PER_REQUEST_MICROS;
    expectWithinBudget(spent);
    // Stopping both flushes their usage batches (and ledger charges) to the shared database.
    for (const server of servers) {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    servers.length = 0;
    const store = await openStore({ databaseUrl: database.url, dataDir: tmpdir() });
    try {
      const key = await store.findApiKeyByName('capped');
      const totals = await store.sumLedger({ keyId: key?.id ?? '', kind: 'charge' });
      expect(totals).toMatchObject({ debitsMicros: spent, entries: ok });
      expect(await store.countUsage({ keyId: key?.id ?? '', status: 'ok' })).toBe(ok);
      expect(await store.countUsage({ keyId: key?.id ?? '', status: 'quota_exceeded' })).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
