import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Shown when Redis tests are skipped outside CI. */
export const REDIS_SKIP_MESSAGE = `Redis is unreachable; set OPT_TEST_REDIS_URL (default ${DEFAULT_TEST_REDIS_URL})`;

export interface RedisTestPrefix {
  url: string;
  /** `opt_test_<random hex>:` — every key a test writes starts with it. */
  prefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

let unreachable = false;

/**
 * A private key prefix on the Redis at OPT_TEST_REDIS_URL (see ../shared/SERVICES.md: tests share the
 * server, so each run isolates itself by prefix). Null when Redis is unreachable, so the caller can skip,
 * except under CI=true, where skipping would prove nothing: it throws.
 */
export async function createRedisTestPrefix(): Promise<RedisTestPrefix | null> {
  const url = process.env.OPT_TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  if (unreachable) return null;
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0 });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    probe.disconnect();
    if (process.env.CI === 'true') throw new Error(`CI=true and ${REDIS_SKIP_MESSAGE}`, { cause: error });
    unreachable = true;
    return null;
  }
  const prefix = `opt_test_${randomBytes(6).toString('hex')}:`;
  return {
    url,
    prefix,
    async cleanup() {
      try {
        let cursor = '0';
        do {
          const [next, keys] = await probe.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await probe.del(...keys);
        } while (cursor !== '0');
      } finally {
        probe.disconnect();
      }
    },
  };
}
