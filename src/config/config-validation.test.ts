// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} references under test, not templates.
import { describe, expect, it } from 'vitest';
import { configErrorMessage, useOptYamlLoader } from '../../test/support/opt-yaml.js';
import type { Environment } from './interpolate-env.js';

const loadYaml = useOptYamlLoader();

/** One valid channel; `extra` lines are appended inside it. */
function channel(extra = '', name = 'c1', models = '[m1, m2]'): string {
  return `  - name: ${name}\n    base_url: http://localhost:9000/v1\n    models: ${models}\n${extra}`;
}

function withChannel(extra: string): string {
  return `channels:\n${channel(extra)}`;
}

describe('config validation messages', () => {
  it.each([
    // Document shape and unknown keys.
    [
      'a top-level list',
      '- a\n- b\n',
      'opt.yaml: expected a mapping with server, channels and keys at the top level, got a list',
    ],
    [
      'a top-level scalar',
      'hello\n',
      'opt.yaml: expected a mapping with server, channels and keys at the top level, got "hello"',
    ],
    [
      'an unknown top-level key',
      'chanels: []\n',
      'opt.yaml: unknown key "chanels" (allowed: server, channels, keys, teams, currency, billing, prices, model_limits, fallbacks, retry, breaker)',
    ],
    [
      'unknown server keys',
      'server: { prot: 1, hots: x }\n',
      'opt.yaml: server: unknown keys "prot", "hots" (allowed: host, port, data_dir, body_limit_mb, shutdown_grace_ms, trust_proxy)',
    ],
    [
      'an unknown channel key',
      withChannel('    base-url: http://x\n'),
      'opt.yaml: channels[0]: unknown key "base-url" (allowed: name, provider, base_url,',
    ],
    [
      'an unknown timeout key',
      withChannel('    timeouts: { first_token_ms: 1 }\n'),
      'opt.yaml: channels[0].timeouts: unknown key "first_token_ms" (allowed: connect_ms, first_byte_ms, idle_ms, total_ms)',
    ],
    [
      'an unknown key field',
      'keys:\n  - { name: k, modles: [m1] }\n',
      'opt.yaml: keys[0]: unknown key "modles" (allowed: name, team, key, models, budget, limits, expires_at, allow_ips, prompt_logging)',
    ],
    ['a server section that is a list', 'server: [1]\n', 'opt.yaml: server: expected a mapping, got a list'],
    [
      'channels that are a mapping',
      'channels: { a: 1 }\n',
      'opt.yaml: channels: expected a list, got a mapping',
    ],
    ['an empty channel item', 'channels:\n  -\n', 'opt.yaml: channels[0]: expected a mapping, got nothing'],
    [
      'a channel that is a string',
      'channels: [dashscope]\n',
      'opt.yaml: channels[0]: expected a mapping, got "dashscope"',
    ],

    // Server.
    [
      'a port above 65535',
      'server: { port: 70000 }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got 70000',
    ],
    [
      'a negative port',
      'server: { port: -1 }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got -1',
    ],
    [
      'a fractional port',
      'server: { port: 80.5 }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got 80.5',
    ],
    [
      'a port that is text',
      'server: { port: http }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got "http"',
    ],
    [
      'a port that is a list',
      'server: { port: [1] }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got a list',
    ],
    [
      'a zero body limit',
      'server: { body_limit_mb: 0 }\n',
      'opt.yaml: server.body_limit_mb: expected an integer from 1 to 1024, got 0',
    ],
    [
      'a huge body limit',
      'server: { body_limit_mb: 2048 }\n',
      'opt.yaml: server.body_limit_mb: expected an integer from 1 to 1024, got 2048',
    ],
    [
      'a negative grace period',
      'server: { shutdown_grace_ms: -5 }\n',
      'opt.yaml: server.shutdown_grace_ms: expected an integer from 0 to 2147483647, got -5',
    ],
    [
      'a host with a space',
      'server: { host: "my host" }\n',
      'opt.yaml: server.host: expected a host name or IP address',
    ],
    ['an empty data_dir', 'server: { data_dir: "" }\n', 'opt.yaml: server.data_dir: must not be empty'],
    [
      'a number where a string belongs',
      'server: { host: 1 }\n',
      'opt.yaml: server.host: expected a string, got 1 (quote it: "1")',
    ],

    // Channels.
    [
      'a channel without a name',
      'channels:\n  - { base_url: "http://x", models: [m] }\n',
      'opt.yaml: channels[0].name: is required',
    ],
    [
      'a channel name with a space',
      'channels:\n  - { name: my channel, base_url: "http://x", models: [m] }\n',
      'opt.yaml: channels[0].name: expected 1 to 64 characters from a-z A-Z 0-9 _ . -, got "my channel"',
    ],
    [
      'a channel name over 64 characters',
      `channels:\n${channel('', 'x'.repeat(65))}`,
      'opt.yaml: channels[0].name: expected 1 to 64 characters',
    ],
    [
      'duplicate channel names',
      `channels:\n${channel()}${channel('', 'c2')}${channel('', 'c1')}`,
      'opt.yaml: channels[2].name: duplicate channel name "c1" (also channels[0])',
    ],
    [
      'an unsupported provider',
      withChannel('    provider: bedrock\n'),
      'opt.yaml: channels[0].provider: unsupported provider "bedrock" (supported: openai-compatible, azure-openai, anthropic, gemini, deepseek, dashscope, moonshot, zhipu, siliconflow, openrouter, groq, mistral, xai, together, ollama, vllm)',
    ],
    [
      'a channel without base_url',
      'channels:\n  - { name: c, models: [m] }\n',
      'opt.yaml: channels[0].base_url: is required',
    ],
    [
      'an ftp base_url',
      'channels:\n  - { name: c, base_url: "ftp://x", models: [m] }\n',
      'opt.yaml: channels[0].base_url: expected an http(s) URL, got "ftp://x"',
    ],
    [
      'a base_url that is not a URL',
      'channels:\n  - { name: c, base_url: api.deepseek.com, models: [m] }\n',
      'opt.yaml: channels[0].base_url: expected an http(s) URL, got "api.deepseek.com"',
    ],
    [
      'a base_url with credentials',
      'channels:\n  - { name: c, base_url: "https://u:p@x/v1", models: [m] }\n',
      'opt.yaml: channels[0].base_url: must not contain credentials; use api_key or headers',
    ],
    [
      'a numeric api_key',
      withChannel('    api_key: 12345\n'),
      'opt.yaml: channels[0].api_key: expected a string, got a number (quote it)',
    ],
    [
      'an api_key from an empty variable',
      withChannel('    api_key: ${EMPTY_KEY}\n'),
      'opt.yaml: channels[0].api_key: is empty; remove the line for upstreams that need no key',
      { EMPTY_KEY: '' },
    ],
    [
      'a channel without models',
      'channels:\n  - { name: c, base_url: "http://x" }\n',
      'opt.yaml: channels[0].models: is required',
    ],
    [
      'an empty model list',
      `channels:\n${channel('', 'c', '[]')}`,
      'opt.yaml: channels[0].models: must list at least one model',
    ],
    [
      'models that are a string',
      `channels:\n${channel('', 'c', 'm1')}`,
      'opt.yaml: channels[0].models: expected a list, got "m1"',
    ],
    [
      'a duplicate model',
      `channels:\n${channel('', 'c', '[m1, m2, m1]')}`,
      'opt.yaml: channels[0].models[2]: duplicate model "m1"',
    ],
    [
      'a model id with a space',
      `channels:\n${channel('', 'c', '[m1, "m 2"]')}`,
      'opt.yaml: channels[0].models[1]: model ids must be at most 256 characters without spaces',
    ],
    [
      'a model that is a number',
      `channels:\n${channel('', 'c', '[3.5]')}`,
      'opt.yaml: channels[0].models[0]: expected a string, got 3.5 (quote it: "3.5")',
    ],
    [
      'a model_map key the channel does not serve',
      withChannel('    model_map: { m3: up }\n'),
      'opt.yaml: channels[0].model_map.m3: "m3" is not one of this channel\'s models',
    ],
    [
      'a model_map key with a dot',
      withChannel('    model_map: { qwen2.5: up }\n'),
      'opt.yaml: channels[0].model_map["qwen2.5"]: "qwen2.5" is not one of this channel\'s models',
    ],
    [
      'an empty model_map target',
      withChannel('    model_map: { m1: "" }\n'),
      'opt.yaml: channels[0].model_map.m1: upstream model id must not be empty',
    ],
    [
      'a model_map that is a list',
      withChannel('    model_map: [m1]\n'),
      'opt.yaml: channels[0].model_map: expected a mapping, got a list',
    ],
    [
      'an invalid header name',
      withChannel('    headers: { "X Foo": bar }\n'),
      'opt.yaml: channels[0].headers["X Foo"]: is not a valid HTTP header name',
    ],
    [
      'a reserved header',
      withChannel('    headers: { Host: evil }\n'),
      'opt.yaml: channels[0].headers.Host: is set by the HTTP client and cannot be overridden',
    ],
    [
      'a header repeated in another case',
      withChannel('    headers: { X-A: "1", x-a: "2" }\n'),
      'opt.yaml: channels[0].headers.x-a: duplicate header (names are case-insensitive)',
    ],
    [
      'a header value with a line break',
      withChannel('    headers: { X-A: "a\\r\\nX-B: b" }\n'),
      'opt.yaml: channels[0].headers.X-A: header values must not contain line breaks or NUL',
    ],
    [
      'a numeric header value',
      withChannel('    headers: { X-Version: 2 }\n'),
      'opt.yaml: channels[0].headers.X-Version: expected a string, got 2 (quote it: "2")',
    ],
    [
      'a zero timeout',
      withChannel('    timeouts: { connect_ms: 0 }\n'),
      'opt.yaml: channels[0].timeouts.connect_ms: expected an integer from 1 to 2147483647, got 0',
    ],
    [
      'a fractional timeout',
      withChannel('    timeouts: { idle_ms: 1.5 }\n'),
      'opt.yaml: channels[0].timeouts.idle_ms: expected an integer from 1 to 2147483647, got 1.5',
    ],
    [
      'a timeout beyond setTimeout',
      withChannel('    timeouts: { total_ms: 3000000000 }\n'),
      'opt.yaml: channels[0].timeouts.total_ms: expected an integer from 1 to 2147483647, got 3000000000',
    ],
    [
      'zero max_connections',
      withChannel('    max_connections: 0\n'),
      'opt.yaml: channels[0].max_connections: expected an integer from 1 to 65535, got 0',
    ],

    // Keys.
    ['a key without a name', 'keys:\n  - { key: null }\n', 'opt.yaml: keys[0].name: is required'],
    ['an empty key item', 'keys:\n  -\n', 'opt.yaml: keys[0]: expected a mapping, got nothing'],
    [
      'duplicate key names',
      'keys:\n  - { name: a }\n  - { name: a }\n',
      'opt.yaml: keys[1].name: duplicate key name "a" (also keys[0])',
    ],
    [
      'a key without the sk- prefix',
      'keys:\n  - { name: a, key: pk-0123456789abcdefghij }\n',
      'opt.yaml: keys[0].key: expected "sk-" followed by printable characters without spaces, 20 to 200 characters in all',
    ],
    [
      'a key that is too short',
      'keys:\n  - { name: a, key: sk-short }\n',
      'opt.yaml: keys[0].key: expected "sk-"',
    ],
    [
      'a key that is too long',
      `keys:\n  - { name: a, key: sk-${'x'.repeat(198)} }\n`,
      'opt.yaml: keys[0].key: expected "sk-"',
    ],
    [
      'a key with a space',
      'keys:\n  - { name: a, key: "sk-0123456789 abcdefghij" }\n',
      'opt.yaml: keys[0].key: expected "sk-"',
    ],
    [
      'the same key twice',
      'keys:\n  - { name: a, key: sk-0123456789abcdefghij }\n  - { name: b, key: sk-0123456789abcdefghij }\n',
      'opt.yaml: keys[1].key: same key as keys[0]; every key must be distinct',
    ],
    [
      'a key model no channel serves',
      `${withChannel('')}keys:\n  - { name: a, models: [m1, gpt-5] }\n`,
      'opt.yaml: keys[0].models[1]: no channel serves model "gpt-5"',
    ],
    [
      'a key model with no channels at all',
      'keys:\n  - { name: a, models: [m1] }\n',
      'opt.yaml: keys[0].models[0]: no channel serves model "m1"',
    ],
    [
      'an empty key model list',
      'keys:\n  - { name: a, models: [] }\n',
      'opt.yaml: keys[0].models: must list at least one model; omit it to allow all models',
    ],
    [
      'a duplicate key model',
      `${withChannel('')}keys:\n  - { name: a, models: [m1, m1] }\n`,
      'opt.yaml: keys[0].models[1]: duplicate model "m1"',
    ],

    // Environment interpolation.
    [
      'a missing variable',
      `channels:\n${channel()}${channel('    api_key: ${DEEPSEEK_API_KEY}\n', 'deepseek')}`,
      'opt.yaml: channels[1].api_key: environment variable DEEPSEEK_API_KEY is not set',
    ],
    [
      'a missing variable in a list',
      `channels:\n${channel('', 'c', '["${MODEL}"]')}`,
      'opt.yaml: channels[0].models[0]: environment variable MODEL is not set',
    ],
    [
      'a missing variable in a number',
      'server: { port: "${PORT}" }\n',
      'opt.yaml: server.port: environment variable PORT is not set',
    ],
    [
      'an interpolated number out of range',
      'server: { port: "${PORT}" }\n',
      'opt.yaml: server.port: expected an integer from 0 to 65535, got "99999"',
      { PORT: '99999' },
    ],
    [
      'an unterminated reference',
      withChannel('    api_key: ${KEY\n'),
      'opt.yaml: channels[0].api_key: unterminated "${" (write "$${" for a literal "${")',
    ],

    // YAML syntax.
    [
      'a duplicate YAML key',
      'server:\n  port: 1\n  port: 2\n',
      'opt.yaml: line 3, column 3: invalid YAML: Map keys must be unique',
    ],
    [
      'bad indentation',
      'server:\n  port: 1\n host: x\n',
      'opt.yaml: line 3, column 1: invalid YAML: All mapping items must start at the same column',
    ],
    ['an unclosed flow list', 'channels: [a, b\nkeys: []\n', 'opt.yaml: line 2, column'],
    [
      'two documents',
      'server: {}\n---\nkeys: []\n',
      'opt.yaml: line 2, column 1: invalid YAML: more than one document (remove the extra "---")',
    ],
    [
      'an unknown tag',
      'server: { host: !secret x }\n',
      'opt.yaml: line 1, column 17: invalid YAML: Unresolved tag: !secret',
    ],
  ] as const)('reports %s', (_label, yaml, expected, env?: Environment) => {
    expect(configErrorMessage(() => loadYaml(yaml, env))).toContain(expected);
  });

  it('does not echo client keys in messages', () => {
    const message = configErrorMessage(() =>
      loadYaml('keys:\n  - { name: a, key: "sk-secret value 0123456789" }\n'),
    );
    expect(message).not.toContain('secret');
  });

  it('names an explicit file as the user wrote it', () => {
    const yaml = 'channels:\n  - { name: c, base_url: "ftp://x", models: [m] }\n';
    expect(configErrorMessage(() => loadYaml(yaml, {}, { configPath: 'prod.yaml' }))).toBe(
      'prod.yaml: channels[0].base_url: expected an http(s) URL, got "ftp://x"',
    );
  });

  it('exposes source, path and problem separately', () => {
    try {
      loadYaml('server: { port: 70000 }\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        name: 'ConfigError',
        source: 'opt.yaml',
        path: 'server.port',
        problem: 'expected an integer from 0 to 65535, got 70000',
      });
    }
  });

  it('reports an unknown key before interpolating anything under it', () => {
    expect(configErrorMessage(() => loadYaml(withChannel('    apikey: ${UNSET}\n')))).toContain(
      'opt.yaml: channels[0]: unknown key "apikey"',
    );
  });
});

describe('environment and command-line validation', () => {
  it.each([
    [
      { OPT_DATABASE_URL: 'mysql://root:hunter2@db/opt' },
      'environment: OPT_DATABASE_URL: expected a postgres:// or postgresql:// URL, got a "mysql:" URL',
    ],
    [
      { OPT_DATABASE_URL: 'not a url' },
      'environment: OPT_DATABASE_URL: expected a postgres:// or postgresql:// URL, got a non-URL',
    ],
    [
      { OPT_DATABASE_URL: 'sqlite:///tmp/opt.db' },
      'environment: OPT_DATABASE_URL: expected a postgres:// or postgresql:// URL, got a "sqlite:" URL',
    ],
    [{ OPT_PORT: '80a' }, 'environment: OPT_PORT: expected an integer from 0 to 65535, got "80a"'],
    [{ OPT_PORT: '65536' }, 'environment: OPT_PORT: expected an integer from 0 to 65535, got "65536"'],
    [
      { OPT_LOG_LEVEL: 'verbose' },
      'environment: OPT_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ],
    [{ OPT_HOST: 'a b' }, 'environment: OPT_HOST: expected a host name or IP address, got "a b"'],
  ])('rejects %j', (env, expected) => {
    const message = configErrorMessage(() => loadYaml('', env));
    expect(message).toBe(expected);
    expect(message).not.toContain('hunter2');
  });

  it('rejects an admin key that is also a client key', () => {
    const key = 'sk-0123456789abcdefghij';
    expect(
      configErrorMessage(() => loadYaml(`keys:\n  - { name: a, key: ${key} }\n`, { OPT_ADMIN_KEY: key })),
    ).toBe('environment: OPT_ADMIN_KEY: must differ from every client key (same as keys[0].key)');
  });

  it.each([
    [{ port: 65_536 }, 'command line: --port: expected an integer from 0 to 65535, got 65536'],
    [{ port: 1.5 }, 'command line: --port: expected an integer from 0 to 65535, got 1.5'],
    [{ port: Number.NaN }, 'command line: --port: expected an integer from 0 to 65535, got NaN'],
    [{ host: '' }, 'command line: --host: expected a host name or IP address, got ""'],
    [{ dataDir: '' }, 'command line: --data: must not be empty'],
  ])('rejects the command-line option %j', (options, expected) => {
    expect(configErrorMessage(() => loadYaml('', {}, options))).toBe(expected);
  });
});
