// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} references under test, not templates.
import { describe, expect, it } from 'vitest';
import { configErrorMessage, TENANCY_CHANNELS, useOptYamlLoader } from '../../test/support/opt-yaml.js';
import { buildKeyConfig, buildTeamConfig } from '../../test/support/tenancy-configs.js';
import { parseConfigFile } from './config-schema.js';

const loadYaml = useOptYamlLoader();

const FULL = `${TENANCY_CHANNELS}
currency: CNY
billing: { reserve_max_tokens: 8192, tpm_counts_cached_tokens: true }
prices:
  qwen3-max-2026-01-23: { input: 2.4, cached_input: 0.6, output: 9.6 }
  qwen-plus: { input: "0.8", output: 2 }
  not-served-yet: { input: 0.000001, output: 0 }
model_limits:
  qwen3-max-2026-01-23: { rpm: 1000, tpm: 2000000, concurrency: 50 }
teams:
  - name: research
    models: [qwen3-max-2026-01-23, qwen-plus]
    budget: { amount: 500, period: monthly }
    limits: { rpm: 600, tpm: 200000, concurrency: 20 }
    price_multiplier: 0.9
    expires_at: 2027-01-01T00:00:00Z
    prompt_logging: { retention_days: 30 }
    members: [{ member: alice@example.com, role: owner }, { member: bob }]
  - name: ops
keys:
  - name: research-bot
    team: research
    key: \${RESEARCH_BOT_KEY}
    models: [qwen3-max-2026-01-23]
    budget: { amount: 20.5, period: rolling_12h }
    limits: { rpm: 60 }
    expires_at: 2027-01-01T08:00:00.250+08:00
    allow_ips: [10.1.2.3/8, 192.168.1.7, "2001:DB8::/32"]
    prompt_logging: { retention_days: 7 }
  - name: free
    budget: { amount: 0, period: none }
server:
  trust_proxy: true
`;

describe('teams, keys, prices and billing', () => {
  it('parses the full example to micros, ppm and milliseconds', () => {
    const config = loadYaml(FULL, { RESEARCH_BOT_KEY: 'sk-research-0123456789abcdef' });
    expect(config.billing).toEqual({ currency: 'CNY', reserveMaxTokens: 8192, tpmCountsCachedTokens: true });
    expect(config.server.trustProxy).toBe(true);
    expect(config.prices).toEqual([
      {
        model: 'qwen3-max-2026-01-23',
        inputMicros: 2_400_000,
        cachedInputMicros: 600_000,
        outputMicros: 9_600_000,
      },
      { model: 'qwen-plus', inputMicros: 800_000, cachedInputMicros: 800_000, outputMicros: 2_000_000 },
      { model: 'not-served-yet', inputMicros: 1, cachedInputMicros: 1, outputMicros: 0 },
    ]);
    expect(config.modelLimits).toEqual({
      'qwen3-max-2026-01-23': { rpm: 1000, tpm: 2_000_000, concurrency: 50 },
    });
    expect(config.teams).toEqual([
      {
        name: 'research',
        models: ['qwen3-max-2026-01-23', 'qwen-plus'],
        budget: { amountMicros: 500_000_000, period: 'monthly' },
        limits: { rpm: 600, tpm: 200_000, concurrency: 20 },
        priceMultiplierPpm: 900_000,
        expiresAtMs: Date.UTC(2027, 0, 1),
        promptLogging: { retentionDays: 30 },
        members: [
          { member: 'alice@example.com', role: 'owner' },
          { member: 'bob', role: 'member' },
        ],
      },
      buildTeamConfig('ops'),
    ]);
    expect(config.keys).toEqual([
      {
        name: 'research-bot',
        key: 'sk-research-0123456789abcdef',
        models: ['qwen3-max-2026-01-23'],
        team: 'research',
        budget: { amountMicros: 20_500_000, period: 'rolling_12h' },
        limits: { rpm: 60, tpm: null, concurrency: null },
        expiresAtMs: Date.UTC(2027, 0, 1, 0, 0, 0, 250),
        allowIps: ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'],
        promptLogging: { retentionDays: 7 },
      },
      buildKeyConfig('free', { budget: { amountMicros: 0, period: 'none' } }),
    ]);
  });

  it('accepts expires_at as a Date (a YAML 1.1 timestamp)', () => {
    const document = {
      channels: [{ name: 'c', base_url: 'http://x/v1', models: ['m1'] }],
      teams: [{ name: 't', expires_at: new Date(Date.UTC(2027, 5, 1)) }],
      keys: [{ name: 'k', expires_at: new Date(Date.UTC(2028, 0, 1)) }],
    };
    const config = parseConfigFile(document, 'opt.yaml', {});
    expect(config.teams[0]?.expiresAtMs).toBe(Date.UTC(2027, 5, 1));
    expect(config.keys[0]?.expiresAtMs).toBe(Date.UTC(2028, 0, 1));
    expect(() =>
      parseConfigFile({ keys: [{ name: 'k', expires_at: new Date(Number.NaN) }] }, 'opt.yaml', {}),
    ).toThrow('opt.yaml: keys[0].expires_at: expected an ISO 8601 date and time with a time zone');
  });

  it('takes amounts, limits and booleans from the environment', () => {
    const config = loadYaml(
      `${TENANCY_CHANNELS}billing: { tpm_counts_cached_tokens: "\${CACHED}" }\nkeys:\n  - name: k\n    budget: { amount: "\${AMOUNT}", period: daily }\n    limits: { tpm: "\${TPM}" }\n`,
      { CACHED: 'true', AMOUNT: '12.345678', TPM: '5000' },
    );
    expect(config.billing.tpmCountsCachedTokens).toBe(true);
    expect(config.keys[0]?.budget).toEqual({ amountMicros: 12_345_678, period: 'daily' });
    expect(config.keys[0]?.limits.tpm).toBe(5000);
  });

  it('lets a key without models inherit its team allow-list', () => {
    const config = loadYaml(
      `${TENANCY_CHANNELS}teams: [{ name: t, models: [m1] }]\nkeys: [{ name: k, team: t }]\n`,
    );
    expect(config.keys[0]).toMatchObject({ team: 't', models: null });
  });

  it('treats empty sections as defaults', () => {
    const config = loadYaml('teams:\nprices:\nmodel_limits:\nbilling:\ncurrency:\n');
    expect(config.teams).toEqual([]);
    expect(config.prices).toEqual([]);
    expect(config.modelLimits).toEqual({});
    expect(config.billing).toEqual({ currency: 'USD', reserveMaxTokens: 4096, tpmCountsCachedTokens: false });
  });
});

describe('Redis environment', () => {
  it('reads OPT_REDIS_URL and OPT_REDIS_PREFIX', () => {
    const config = loadYaml('', {
      OPT_REDIS_URL: 'rediss://:pw@cache:6380/2',
      OPT_REDIS_PREFIX: 'opt.prod:',
    });
    expect(config.redisUrl).toBe('rediss://:pw@cache:6380/2');
    expect(config.redisPrefix).toBe('opt.prod:');
    expect(loadYaml('', { OPT_REDIS_URL: '', OPT_REDIS_PREFIX: '' })).toMatchObject({
      redisUrl: null,
      redisPrefix: 'opt:',
    });
  });

  it.each([
    [
      { OPT_REDIS_URL: 'http://user:hunter2@cache:6379' },
      'environment: OPT_REDIS_URL: expected a redis:// or rediss:// URL, got a "http:" URL',
    ],
    [
      { OPT_REDIS_URL: 'hunter2' },
      'environment: OPT_REDIS_URL: expected a redis:// or rediss:// URL, got a non-URL',
    ],
    [
      { OPT_REDIS_URL: 'redis:hunter2@cache' },
      'environment: OPT_REDIS_URL: expected a redis:// or rediss:// URL, got "redis:" without "//"',
    ],
    [
      { OPT_REDIS_PREFIX: 'opt prod' },
      'environment: OPT_REDIS_PREFIX: expected 1 to 64 characters from A-Z a-z 0-9 : _ . -, got "opt prod"',
    ],
    [
      { OPT_REDIS_PREFIX: 'x'.repeat(65) },
      'environment: OPT_REDIS_PREFIX: expected 1 to 64 characters from A-Z a-z 0-9 : _ . -',
    ],
  ])('rejects %j', (env, expected) => {
    const message = configErrorMessage(() => loadYaml('', env));
    expect(message).toContain(expected);
    expect(message).not.toContain('hunter2');
  });
});
