import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisTestPrefix, REDIS_SKIP_MESSAGE } from '../../../test/support/redis-test-prefix.js';
import { admission, quotaSubject, T0, ticketOf } from './quota-conformance-fixtures.js';
import { describeQuotaStoreConformance } from './quota-store.conformance.js';
import { connectRedisQuotaStore, RedisQuotaStore } from './redis-quota-store.js';

// Throws under CI=true when Redis is unreachable: a skipped Redis suite proves nothing there.
const redis = await createRedisTestPrefix();

if (redis === null) {
  describe('RedisQuotaStore', () => {
    it.skip(REDIS_SKIP_MESSAGE, () => {});
  });
} else {
  const { url, prefix: runPrefix } = redis;
  let storeCount = 0;
  const silent = { warn() {} };

  afterAll(async () => {
    await redis.cleanup();
  });

  describeQuotaStoreConformance('redis', async () => {
    storeCount += 1;
    const store = new RedisQuotaStore({ redis: url, prefix: `${runPrefix}${storeCount}:` });
    return { store, dispose: () => store.close() };
  });

  describe('RedisQuotaStore', () => {
    it('shares budgets exactly between two instances on two connections', async () => {
      const prefix = `${runPrefix}shared:`;
      const stores = [
        new RedisQuotaStore({ redis: url, prefix }),
        new RedisQuotaStore({ redis: url, prefix }),
      ];
      try {
        const key = quotaSubject('key:shared', {
          budget: { allowanceMicros: 1000, period: 'daily' },
          rpm: 1000,
        });
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, index) =>
            stores[index % 2]!.admit(admission([key], { estimateMicros: 100 })),
          ),
        );
        expect(results.filter((result) => result.admitted)).toHaveLength(10);
        // What one instance settles, the other sees.
        const first = results.find((result) => result.admitted)!;
        await stores[0]!.settle(ticketOf(first), { costMicros: 40, tokens: 0 }, T0);
        const state = await stores[1]!.peek([key], T0);
        expect(state.budgetRemainingMicros).toBe(60);
        expect(state.requests?.remaining).toBe(990);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    it('gives every key it writes under its prefix a TTL', async () => {
      const prefix = `${runPrefix}ttl:`;
      const client = new Redis(url);
      const store = new RedisQuotaStore({ redis: client, prefix });
      try {
        const subjects = ['daily', 'weekly', 'monthly', 'none', 'rolling_5h'].map((period) =>
          quotaSubject(`key:${period}`, {
            budget: { allowanceMicros: 1000, period },
            rpm: 10,
            tpm: 1000,
            concurrency: 5,
          }),
        );
        const ticket = ticketOf(
          await store.admit(admission(subjects, { estimateMicros: 10, estimateTokens: 10 })),
        );
        await store.settle(ticket, { costMicros: 5, tokens: 5 }, T0 + 1);
        await store.admit(admission(subjects, { nowMs: T0 + 2 }));
        for (const subject of subjects) await store.credit(subject, 1, T0 + 3);
        const keys = await client.keys(`${prefix}*`);
        expect(keys.length).toBeGreaterThanOrEqual(subjects.length * 3);
        const ttls = await Promise.all(keys.map((key) => client.pttl(key)));
        expect(keys.filter((_, index) => ttls[index]! <= 0)).toEqual([]);
      } finally {
        await store.close();
        client.disconnect();
      }
    });

    it('connects through the factory, which checks the server answers', async () => {
      const store = await connectRedisQuotaStore({ url, prefix: `${runPrefix}factory:`, logger: silent });
      try {
        const key = quotaSubject('key:factory', { rpm: 1 });
        expect((await store.admit(admission([key]))).admitted).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}

describe('connectRedisQuotaStore', () => {
  it('fails with a message naming OPT_REDIS_URL, without the password, when Redis is unreachable', async () => {
    const warnings: object[] = [];
    const connecting = connectRedisQuotaStore({
      url: 'redis://opt:hunter2@127.0.0.1:1/0',
      prefix: 'opt:',
      logger: { warn: (object) => warnings.push(object) },
      connectTimeoutMs: 2_000,
    });
    await expect(connecting).rejects.toThrow(/OPT_REDIS_URL/);
    await expect(connecting).rejects.toThrow(/redis:\/\/127\.0\.0\.1:1\/0/);
    await expect(connecting).rejects.not.toThrow(/hunter2/);
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
  });
});
