import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeOpenAiUpstream } from './fake-openai-upstream.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './postgres-database.js';
import { createRedisTestPrefix, type RedisTestPrefix } from './redis-test-prefix.js';
import { type StartTestOptOptions, startTestOpt, type TestOpt } from './start-test-opt.js';

/** The two ways OPT runs: embedded defaults, or shared stores for several instances. */
export interface Deployment {
  name: string;
  shared: boolean;
}

export const DEPLOYMENTS: Deployment[] = [
  { name: 'SQLite, in-process limits', shared: false },
  { name: 'PostgreSQL + Redis', shared: true },
];

export interface DeploymentHarness {
  upstream: FakeOpenAiUpstream;
  /** Set once the suite's beforeAll has run. */
  opt: TestOpt;
}

/**
 * A fake upstream and OPT for the enclosing suite, on SQLite with in-process limits or on a fresh
 * PostgreSQL database and Redis prefix. Outside CI an unreachable PostgreSQL or Redis skips the suite's
 * tests with a message naming OPT_TEST_DATABASE_URL / OPT_TEST_REDIS_URL; under CI=true it fails.
 */
export function useDeploymentOpt(
  deployment: Deployment,
  options: Omit<StartTestOptOptions, 'upstreamUrl' | 'databaseUrl'> = {},
): DeploymentHarness {
  const harness = { upstream: new FakeOpenAiUpstream() } as DeploymentHarness;
  let database: PostgresTestDatabase | null = null;
  let redis: RedisTestPrefix | null = null;
  let skipReason: string | null = null;
  beforeAll(async () => {
    if (deployment.shared) {
      database = await createPostgresTestDatabase();
      redis = await createRedisTestPrefix();
      if (!database || !redis) {
        skipReason = 'PostgreSQL or Redis is unreachable: set OPT_TEST_DATABASE_URL and OPT_TEST_REDIS_URL';
        return;
      }
    }
    await harness.upstream.start();
    harness.opt = await startTestOpt({
      ...options,
      upstreamUrl: harness.upstream.url,
      databaseUrl: database?.url ?? null,
      env: { ...options.env, ...(redis ? { OPT_REDIS_URL: redis.url, OPT_REDIS_PREFIX: redis.prefix } : {}) },
    });
  }, 60_000);
  beforeEach((context) => {
    if (skipReason) context.skip(skipReason);
  });
  afterAll(async () => {
    await harness.opt?.stop();
    await harness.upstream.close();
    await redis?.cleanup();
    await database?.drop();
  }, 60_000);
  return harness;
}
