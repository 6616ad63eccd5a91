// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} references under test, not templates.
import { describe, expect, it } from 'vitest';
import { configErrorMessage, useOptYamlLoader } from '../../test/support/opt-yaml.js';
import { buildChannelConfig } from '../../test/support/tenancy-configs.js';
import type { Environment } from './interpolate-env.js';

const loadYaml = useOptYamlLoader();

/** Three channels: a (serves m1, m2), b (m2, m3), c (m4); `extra` lines go inside channel a. */
function channels(extra = ''): string {
  return `channels:
  - name: a
    base_url: http://localhost:9001/v1
    models: [m1, m2]
${extra}  - name: b
    base_url: http://localhost:9002/v1
    models: [m2, m3]
  - name: c
    base_url: http://localhost:9003/v1
    models: [m4]
`;
}

const FULL = `channels:
  - name: qwen-a
    base_url: http://localhost:9001/v1
    api_keys:
      - \${KEY_1}
      - \${KEY_2}
    models: [qwen3-max-2026-01-23]
    priority: 1
    weight: 3
  - name: qwen-b
    base_url: http://localhost:9002/v1
    api_keys: ["\${KEY_3}"]
    models: [qwen3-max-2026-01-23, qwen-plus]
    priority: -1000
    weight: 1000
  - name: deepseek
    base_url: http://localhost:9003/v1
    api_key: \${KEY_4}
    models: [deepseek-chat, deepseek-reasoner]
fallbacks:
  qwen3-max-2026-01-23: [deepseek-chat, qwen-plus]
  qwen-plus: [deepseek-chat]
  deepseek-reasoner: [deepseek-chat]
retry: { max_attempts: 5, initial_backoff_ms: 0, max_backoff_ms: 0 }
breaker: { failure_threshold: 1, window_ms: 1000, cooldown_ms: "\${COOLDOWN}" }
`;

const FULL_ENV = { KEY_1: 'sk-1', KEY_2: 'sk-2', KEY_3: 'sk-3', KEY_4: 'sk-4', COOLDOWN: '2500' };

const SECRET_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('routing configuration', () => {
  it('parses upstream keys, tiers, weights, fallbacks, retry and breaker', () => {
    const config = loadYaml(FULL, FULL_ENV);
    expect(
      config.channels.map(({ name, apiKeys, priority, weight }) => ({ name, apiKeys, priority, weight })),
    ).toEqual([
      { name: 'qwen-a', apiKeys: ['sk-1', 'sk-2'], priority: 1, weight: 3 },
      { name: 'qwen-b', apiKeys: ['sk-3'], priority: -1000, weight: 1000 },
      { name: 'deepseek', apiKeys: ['sk-4'], priority: 0, weight: 1 },
    ]);
    expect(config.fallbacks).toEqual({
      'qwen3-max-2026-01-23': ['deepseek-chat', 'qwen-plus'],
      'qwen-plus': ['deepseek-chat'],
      'deepseek-reasoner': ['deepseek-chat'],
    });
    expect(config.retry).toEqual({ maxAttempts: 5, initialBackoffMs: 0, maxBackoffMs: 0 });
    expect(config.breaker).toEqual({ failureThreshold: 1, windowMs: 1000, cooldownMs: 2500 });
  });

  it('fills in defaults for omitted settings and empty sections', () => {
    const config = loadYaml(`${channels()}fallbacks:\nretry:\nbreaker: {}\n`);
    expect(config.channels[0]).toMatchObject({ apiKeys: [], priority: 0, weight: 1 });
    expect(config.fallbacks).toEqual({});
    expect(config.retry).toEqual({ maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 5000 });
    expect(config.breaker).toEqual({ failureThreshold: 5, windowMs: 30_000, cooldownMs: 30_000 });
    expect(config.secretKey).toBeNull();
  });

  it('parses a minimal channel to what buildChannelConfig builds', () => {
    const yaml = 'channels:\n  - { name: x, base_url: "http://127.0.0.1:9000/v1", models: [m1] }\n';
    expect(loadYaml(yaml).channels).toEqual([buildChannelConfig('x')]);
  });

  it('accepts chains that share models without looping', () => {
    const yaml = `${channels()}fallbacks:\n  m1: [m2, m3]\n  m2: [m3, m4]\n  m3: [m4]\n`;
    expect(loadYaml(yaml).fallbacks).toEqual({ m1: ['m2', 'm3'], m2: ['m3', 'm4'], m3: ['m4'] });
  });

  it('reads OPT_SECRET_KEY as hex or base64 and normalises it to lower-case hex', () => {
    const base64 = Buffer.from(SECRET_HEX, 'hex').toString('base64');
    const base64url = Buffer.from('fb'.repeat(32), 'hex').toString('base64url');
    expect(loadYaml('', { OPT_SECRET_KEY: SECRET_HEX.toUpperCase() }).secretKey).toBe(SECRET_HEX);
    expect(loadYaml('', { OPT_SECRET_KEY: base64 }).secretKey).toBe(SECRET_HEX);
    expect(loadYaml('', { OPT_SECRET_KEY: `${base64url}=` }).secretKey).toBe('fb'.repeat(32));
    expect(loadYaml('', { OPT_SECRET_KEY: '' }).secretKey).toBeNull();
  });
});

describe('routing configuration errors', () => {
  it.each([
    // Upstream keys.
    [
      'api_key and api_keys together',
      channels('    api_key: sk-1\n    api_keys: [sk-2]\n'),
      'opt.yaml: channels[0].api_keys: use api_key for one key or api_keys for several, not both',
    ],
    [
      'api_keys that are a string',
      channels('    api_keys: sk-1\n'),
      'opt.yaml: channels[0].api_keys: expected a list, got',
    ],
    [
      'an empty api_keys list',
      channels('    api_keys: []\n'),
      'opt.yaml: channels[0].api_keys: must list at least one key; remove the line for upstreams that need no key',
    ],
    [
      'more than 64 api_keys',
      channels(`    api_keys: [${Array.from({ length: 65 }, (_, index) => `k${index}`).join(', ')}]\n`),
      'opt.yaml: channels[0].api_keys: at most 64 keys, got 65',
    ],
    [
      'an api_keys entry from an empty variable',
      channels('    api_keys:\n      - sk-1\n      - ${EMPTY_KEY}\n'),
      'opt.yaml: channels[0].api_keys[1]: is empty',
      { EMPTY_KEY: '' },
    ],
    [
      'a missing api_keys entry',
      channels('    api_keys:\n      - sk-1\n      -\n'),
      'opt.yaml: channels[0].api_keys[1]: is required',
    ],
    [
      'a numeric api_keys entry',
      channels('    api_keys: [sk-1, 987654321]\n'),
      'opt.yaml: channels[0].api_keys[1]: expected a string, got a number (quote it)',
    ],
    [
      'an api_keys entry with a line break',
      channels('    api_keys: ["sk-1\\r\\nX-Evil: 1"]\n'),
      'opt.yaml: channels[0].api_keys[0]: must not contain line breaks or NUL',
    ],
    [
      'a duplicate api_keys entry',
      channels('    api_keys: [sk-secret-1, sk-secret-2, sk-secret-1]\n'),
      'opt.yaml: channels[0].api_keys[2]: same key as api_keys[0]',
    ],
    [
      'api_keys duplicated through variables',
      channels('    api_keys: ["${KEY_1}", "${KEY_2}"]\n'),
      'opt.yaml: channels[0].api_keys[1]: same key as api_keys[0]',
      { KEY_1: 'sk-same', KEY_2: 'sk-same' },
    ],

    // Tiers and weights.
    [
      'a priority above 1000',
      channels('    priority: 1001\n'),
      'opt.yaml: channels[0].priority: expected an integer from -1000 to 1000, got 1001',
    ],
    [
      'a priority below -1000',
      channels('    priority: -1001\n'),
      'opt.yaml: channels[0].priority: expected an integer from -1000 to 1000, got -1001',
    ],
    [
      'a fractional priority',
      channels('    priority: 0.5\n'),
      'opt.yaml: channels[0].priority: expected an integer from -1000 to 1000, got 0.5',
    ],
    [
      'a zero weight',
      channels('    weight: 0\n'),
      'opt.yaml: channels[0].weight: expected an integer from 1 to 1000, got 0',
    ],
    [
      'a weight above 1000',
      channels('    weight: 1001\n'),
      'opt.yaml: channels[0].weight: expected an integer from 1 to 1000, got 1001',
    ],

    // Fallbacks.
    [
      'fallbacks that are a list',
      `${channels()}fallbacks: [m1]\n`,
      'opt.yaml: fallbacks: expected a mapping',
    ],
    [
      'a fallback for a model no channel serves',
      `${channels()}fallbacks:\n  gpt-5: [m1]\n`,
      'opt.yaml: fallbacks.gpt-5: no channel serves model "gpt-5"',
    ],
    [
      'a fallback to a model no channel serves',
      `${channels()}fallbacks:\n  m1: [m2, gpt-5]\n`,
      'opt.yaml: fallbacks.m1[1]: no channel serves model "gpt-5"',
    ],
    [
      'a model falling back to itself',
      `${channels()}fallbacks:\n  m1: [m2, m1]\n`,
      'opt.yaml: fallbacks.m1[1]: a model cannot fall back to itself',
    ],
    [
      'a duplicate fallback',
      `${channels()}fallbacks:\n  m1: [m2, m3, m2]\n`,
      'opt.yaml: fallbacks.m1[2]: duplicate model "m2"',
    ],
    [
      'an empty fallback list',
      `${channels()}fallbacks:\n  m1: []\n`,
      'opt.yaml: fallbacks.m1: must list at least one model to fall back to; remove the entry for none',
    ],
    [
      'a fallback entry without a list',
      `${channels()}fallbacks:\n  m1:\n`,
      'opt.yaml: fallbacks.m1: must list at least one model to fall back to',
    ],
    [
      'a fallback that is a string',
      `${channels()}fallbacks:\n  m1: m2\n`,
      'opt.yaml: fallbacks.m1: expected a list, got "m2"',
    ],
    [
      'two models falling back to each other',
      `${channels()}fallbacks:\n  m1: [m2]\n  m2: [m3, m1]\n`,
      'opt.yaml: fallbacks.m2[1]: fallbacks form a cycle: m1 -> m2 -> m1',
    ],
    [
      'a longer cycle',
      `${channels()}fallbacks:\n  m1: [m4]\n  m2: [m3]\n  m3: [m4, m2]\n`,
      'opt.yaml: fallbacks.m3[1]: fallbacks form a cycle: m2 -> m3 -> m2',
    ],
    [
      'a cycle through three models',
      `${channels()}fallbacks:\n  m1: [m2]\n  m2: [m3]\n  m3: [m1]\n`,
      'opt.yaml: fallbacks.m3[0]: fallbacks form a cycle: m1 -> m2 -> m3 -> m1',
    ],

    // Retry and breaker.
    [
      'an unknown retry key',
      'retry: { attempts: 3 }\n',
      'opt.yaml: retry: unknown key "attempts" (allowed: max_attempts, initial_backoff_ms, max_backoff_ms)',
    ],
    [
      'zero max_attempts',
      'retry: { max_attempts: 0 }\n',
      'opt.yaml: retry.max_attempts: expected an integer from 1 to 10, got 0',
    ],
    [
      'more than 10 attempts',
      'retry: { max_attempts: 11 }\n',
      'opt.yaml: retry.max_attempts: expected an integer from 1 to 10, got 11',
    ],
    [
      'a negative backoff',
      'retry: { initial_backoff_ms: -1 }\n',
      'opt.yaml: retry.initial_backoff_ms: expected an integer from 0 to 2147483647, got -1',
    ],
    [
      'a max backoff below the initial one',
      'retry: { initial_backoff_ms: 1000, max_backoff_ms: 500 }\n',
      'opt.yaml: retry.max_backoff_ms: must be at least initial_backoff_ms (1000)',
    ],
    [
      'an initial backoff above the default maximum',
      'retry: { initial_backoff_ms: 10000 }\n',
      'opt.yaml: retry.initial_backoff_ms: must be at most max_backoff_ms (5000 by default)',
    ],
    [
      'an unknown breaker key',
      'breaker: { threshold: 3 }\n',
      'opt.yaml: breaker: unknown key "threshold" (allowed: failure_threshold, window_ms, cooldown_ms)',
    ],
    [
      'a zero failure threshold',
      'breaker: { failure_threshold: 0 }\n',
      'opt.yaml: breaker.failure_threshold: expected an integer from 1 to 10000, got 0',
    ],
    [
      'a zero window',
      'breaker: { window_ms: 0 }\n',
      'opt.yaml: breaker.window_ms: expected an integer from 1 to 2147483647, got 0',
    ],
    [
      'a zero cooldown',
      'breaker: { cooldown_ms: 0 }\n',
      'opt.yaml: breaker.cooldown_ms: expected an integer from 1 to 2147483647, got 0',
    ],
    ['a breaker that is a list', 'breaker: [1]\n', 'opt.yaml: breaker: expected a mapping, got a list'],
  ] as const)('reports %s', (_label, yaml, expected, env?: Environment) => {
    expect(configErrorMessage(() => loadYaml(yaml, env))).toContain(expected);
  });

  it('never shows an upstream key in a message', () => {
    for (const [yaml, env] of [
      [channels('    api_keys: [sk-secret-1, sk-secret-2, sk-secret-1]\n'), {}],
      [channels('    api_keys: ["${K}", "${K}"]\n'), { K: 'sk-secret-env' }],
      [channels('    api_keys: [sk-secret-1, 987654321]\n'), {}],
      [channels('    api_key: 987654321\n'), {}],
      [channels('    api_keys: ["sk-secret\\nX: 1"]\n'), {}],
    ] as const) {
      const message = configErrorMessage(() => loadYaml(yaml, env));
      expect(message).not.toMatch(/secret|987654321/);
    }
  });

  it.each([
    ['63 hex characters', SECRET_HEX.slice(1), 63],
    ['64 characters that are not hex', `${SECRET_HEX.slice(2)}zz`, 64],
    ['16 bytes of base64', Buffer.alloc(16, 7).toString('base64'), 24],
    ['base64 without padding', Buffer.alloc(32, 7).toString('base64').slice(0, 43), 43],
    ['a passphrase', 'correct horse battery staple', 28],
  ])('rejects an OPT_SECRET_KEY of %s without showing it', (_label, value, length) => {
    const message = configErrorMessage(() => loadYaml('', { OPT_SECRET_KEY: value }));
    expect(message).toBe(
      `environment: OPT_SECRET_KEY: expected 32 bytes as 64 hex characters or 44 base64 characters (openssl rand -hex 32), got ${length} characters that are neither`,
    );
    expect(message).not.toContain(value);
  });
});
