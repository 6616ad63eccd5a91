import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type RunningOpt, startOpt } from '../../src/server/start-opt.js';
import { FakeOpenAiUpstream, UPSTREAM_KEY } from './fake-openai-upstream.js';

export const ADMIN_KEY = 'sk-admin-test-0123456789abcdef';
export const CLIENT_KEY = 'sk-client-test-0123456789abcdef';
export const RESTRICTED_KEY = 'sk-restricted-test-0123456789abcdef';

/** Public model ids the test config exposes; each maps to a fake-upstream scenario of the same name. */
export const SCENARIO_MODELS = [
  'tools',
  'no-usage',
  'slow-stream',
  'broken-stream',
  'malformed-sse',
  'error-in-stream',
  'error-400',
  'error-500',
  'error-html-502',
  'no-role',
];

export interface TestOpt {
  opt: RunningOpt;
  url: string;
  dataDir: string;
  configPath: string;
  /** Stops OPT (flushing usage) and removes the temp directory. */
  stop(): Promise<void>;
  /** Waits until the batch writer has flushed everything queued so far. */
  flushUsage(): Promise<void>;
}

/** YAML added to the test config: top-level sections (teams, prices, currency, …) and more `keys:` entries. */
export interface ExtraTestYaml {
  /** Top-level YAML, unindented. */
  top?: string;
  /** List entries for `keys:`, each starting with `  - name: …`. */
  keys?: string;
  /** List entries for `channels:` (the fake upstream's URL is `{{upstream}}`). */
  channels?: string;
}

export function writeTestConfig(
  dir: string,
  upstreamUrl: string,
  unreachableUrl = 'http://127.0.0.1:9/v1',
  extra: ExtraTestYaml = {},
): string {
  const path = join(dir, 'opt.yaml');
  writeFileSync(
    path,
    `
channels:
  - name: fake
    provider: openai-compatible
    base_url: ${upstreamUrl}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [gpt-test, org/model:v1, ${SCENARIO_MODELS.join(', ')}]
    model_map: { gpt-test: echo, "org/model:v1": echo }
  # Upstream 401 and 429 are about the channel's key (disabled, cooled down): each on its own channel, so
  # they do not take the shared test channel's only key out.
  - name: fake-401
    provider: openai-compatible
    base_url: ${upstreamUrl}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [error-401]
  - name: fake-429
    provider: openai-compatible
    base_url: ${upstreamUrl}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [error-429]
  - name: fake-short-timeouts
    provider: openai-compatible
    base_url: ${upstreamUrl}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [stall-headers, stall-mid-stream]
    timeouts: { first_byte_ms: 400, idle_ms: 400, total_ms: 5000 }
  - name: unreachable
    provider: openai-compatible
    base_url: ${unreachableUrl}
    api_key: sk-never-sent-anywhere-0000
    models: [unreachable-model]
    timeouts: { connect_ms: 1000 }
${(extra.channels ?? '').replaceAll('{{upstream}}', upstreamUrl)}
keys:
  - name: team-a
    key: \${TEST_CLIENT_KEY}
  - name: restricted
    key: ${RESTRICTED_KEY}
    models: [gpt-test]
${extra.keys ?? ''}
${extra.top ?? ''}
`,
  );
  return path;
}

export interface StartTestOptOptions {
  upstreamUrl: string;
  databaseUrl?: string | null;
  yaml?: ExtraTestYaml;
  /** More environment for the config (OPT_REDIS_URL, keys referenced as ${…}). */
  env?: Record<string, string | undefined>;
  /** The server's wall clock (budgets, limits, expiry). */
  now?: () => number;
  /** Reuse a data directory (a restart); a fresh temp directory otherwise. */
  dataDir?: string;
}

export async function startTestOpt(options: StartTestOptOptions): Promise<TestOpt> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'opt-test-'));
  const configPath = writeTestConfig(dataDir, options.upstreamUrl, undefined, options.yaml);
  const config = loadConfig({
    configPath,
    port: 0,
    dataDir,
    env: {
      TEST_UPSTREAM_KEY: UPSTREAM_KEY,
      TEST_CLIENT_KEY: CLIENT_KEY,
      OPT_ADMIN_KEY: ADMIN_KEY,
      OPT_DATABASE_URL: options.databaseUrl ?? undefined,
      ...options.env,
    },
  });
  const opt = await startOpt(config, {
    logger: pino({ level: process.env.OPT_TEST_LOG_LEVEL ?? 'silent' }),
    usageFlushIntervalMs: 20,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    opt,
    url: opt.url,
    dataDir,
    configPath,
    async stop() {
      await opt.close(2_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async flushUsage() {
      if (!(await opt.waitIdle(5_000))) throw new Error('requests still in flight after 5 s');
      if (!(await opt.usageWriter.flush())) throw new Error('usage could not be flushed');
    },
  };
}

/** Reads usage records through the admin API, as an operator would. */
export async function fetchUsage(url: string, query = ''): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${url}/admin/usage?limit=1000${query}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  if (response.status !== 200)
    throw new Error(`admin usage returned ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: Array<Record<string, unknown>> }).data;
}

export interface TestOptHarness {
  upstream: FakeOpenAiUpstream;
  /** Set once the suite's beforeAll has run. */
  opt: TestOpt;
}

/** Starts a fake upstream and OPT in front of it for the enclosing suite, and stops both after it. */
export function useTestOpt(): TestOptHarness {
  const harness = { upstream: new FakeOpenAiUpstream() } as TestOptHarness;
  beforeAll(async () => {
    await harness.upstream.start();
    harness.opt = await startTestOpt({ upstreamUrl: harness.upstream.url });
  });
  afterAll(async () => {
    await harness.opt?.stop();
    await harness.upstream.close();
  });
  return harness;
}
