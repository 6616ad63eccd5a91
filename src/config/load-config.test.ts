// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${ENV} references under test, not templates.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureConfigError } from '../../test/support/opt-yaml.js';
import { loadConfig } from './load-config.js';

const temporaryDirectories: string[] = [];

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function makeDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'opt-config-'));
  temporaryDirectories.push(directory);
  return directory;
}

/** A fresh working directory, optionally holding ./opt.yaml. */
function makeWorkingDirectory(optYaml?: string): string {
  const cwd = makeDirectory();
  if (optYaml !== undefined) writeFileSync(join(cwd, 'opt.yaml'), optYaml);
  return cwd;
}

const ONE_CHANNEL = `
channels:
  - name: local
    base_url: http://127.0.0.1:9000/v1
    models: [m1]
`;

describe('loadConfig sources', () => {
  it('runs on defaults when there is no file', () => {
    const cwd = makeWorkingDirectory();
    expect(loadConfig({ cwd, env: {} })).toEqual({
      sourcePath: null,
      server: {
        host: '127.0.0.1',
        port: 8080,
        dataDir: join(cwd, 'data'),
        bodyLimitBytes: 10 * 1024 * 1024,
        shutdownGraceMs: 30_000,
        logLevel: 'info',
        trustProxy: false,
      },
      channels: [],
      keys: [],
      teams: [],
      prices: [],
      billing: { currency: 'USD', reserveMaxTokens: 4096, tpmCountsCachedTokens: false },
      modelLimits: {},
      fallbacks: {},
      retry: { maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 5000 },
      breaker: { failureThreshold: 5, windowMs: 30_000, cooldownMs: 30_000 },
      redisUrl: null,
      redisPrefix: 'opt:',
      secretKey: null,
      metricsToken: null,
      adminKey: null,
      databaseUrl: null,
    });
  });

  it('treats configPath null like an absent one', () => {
    const cwd = makeWorkingDirectory();
    expect(loadConfig({ cwd, env: {}, configPath: null }).sourcePath).toBeNull();
  });

  it('picks up ./opt.yaml from cwd', () => {
    const cwd = makeWorkingDirectory(ONE_CHANNEL);
    const config = loadConfig({ cwd, env: {} });
    expect(config.sourcePath).toBe(join(cwd, 'opt.yaml'));
    expect(config.channels.map((channel) => channel.name)).toEqual(['local']);
  });

  it('reads an explicit file relative to cwd and prefers it over ./opt.yaml', () => {
    const cwd = makeWorkingDirectory('server: { port: 1111 }');
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'other.yaml'), 'server: { port: 2222 }');
    const config = loadConfig({ cwd, env: {}, configPath: 'conf/other.yaml' });
    expect(config.sourcePath).toBe(join(cwd, 'conf', 'other.yaml'));
    expect(config.server.port).toBe(2222);
  });

  it('reports a missing explicit file by the name given', () => {
    const cwd = makeWorkingDirectory(ONE_CHANNEL);
    const error = captureConfigError(() => loadConfig({ cwd, env: {}, configPath: 'missing.yaml' }));
    expect(error.message).toBe('missing.yaml: config file not found');
  });

  it('reports an explicit path that is a directory', () => {
    const cwd = makeWorkingDirectory();
    expect(captureConfigError(() => loadConfig({ cwd, env: {}, configPath: '.' })).message).toBe(
      '.: is a directory, not a config file',
    );
  });

  it('rejects an empty --config', () => {
    const cwd = makeWorkingDirectory();
    expect(captureConfigError(() => loadConfig({ cwd, env: {}, configPath: '' })).message).toBe(
      'command line: --config: must not be empty',
    );
  });

  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# nothing here\n\n   # still nothing\n'],
    ['empty sections', 'server:\nchannels:\nkeys:\n'],
  ])('treats %s as defaults', (_label, text) => {
    const cwd = makeWorkingDirectory(text);
    const config = loadConfig({ cwd, env: {} });
    expect(config.sourcePath).toBe(join(cwd, 'opt.yaml'));
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: join(cwd, 'data'),
      bodyLimitBytes: 10 * 1024 * 1024,
      shutdownGraceMs: 30_000,
      logLevel: 'info',
      trustProxy: false,
    });
    expect(config.channels).toEqual([]);
    expect(config.keys).toEqual([]);
  });
});

describe('loadConfig resolution', () => {
  it('maps a full channel and key to the resolved shape', () => {
    const cwd = makeWorkingDirectory(`
server:
  host: 0.0.0.0
  port: 9090
  data_dir: var/opt
  body_limit_mb: 3
  shutdown_grace_ms: 0
channels:
  - name: dashscope
    provider: openai-compatible
    base_url: https://dashscope.aliyuncs.com/compatible-mode/v1/
    api_key: \${DASHSCOPE_API_KEY}
    models: [qwen3-max-2026-01-23, qwen-plus]
    model_map: { qwen-plus: qwen-plus-latest }
    headers: { X-Foo: bar }
    timeouts: { connect_ms: 5000, idle_ms: 60000 }
    max_connections: 32
  - name: vllm
    base_url: http://localhost:8000/v1
    models: [llama]
keys:
  - name: team-a
    key: \${TEAM_A_KEY}
    models: [qwen-plus]
  - name: generated
    key: null
  - name: implicit
`);
    const config = loadConfig({
      cwd,
      env: { DASHSCOPE_API_KEY: 'sk-dashscope', TEAM_A_KEY: 'sk-team-a-0123456789abcdef' },
    });
    expect(config.server).toEqual({
      host: '0.0.0.0',
      port: 9090,
      dataDir: join(cwd, 'var', 'opt'),
      bodyLimitBytes: 3 * 1024 * 1024,
      shutdownGraceMs: 0,
      logLevel: 'info',
      trustProxy: false,
    });
    expect(config.channels).toEqual([
      {
        name: 'dashscope',
        provider: 'openai-compatible',
        baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
        apiKeys: ['sk-dashscope'],
        priority: 0,
        weight: 1,
        models: ['qwen3-max-2026-01-23', 'qwen-plus'],
        modelMap: { 'qwen-plus': 'qwen-plus-latest' },
        headers: { 'X-Foo': 'bar' },
        timeouts: { connectMs: 5000, firstByteMs: 300_000, idleMs: 60_000, totalMs: 900_000 },
        maxConnections: 32,
      },
      {
        name: 'vllm',
        provider: 'openai-compatible',
        baseUrl: 'http://localhost:8000/v1',
        apiKeys: [],
        priority: 0,
        weight: 1,
        models: ['llama'],
        modelMap: {},
        headers: {},
        timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
        maxConnections: 256,
      },
    ]);
    const plainKey = {
      team: null,
      budget: null,
      limits: { rpm: null, tpm: null, concurrency: null },
      expiresAtMs: null,
      allowIps: null,
      promptLogging: null,
    };
    expect(config.keys).toEqual([
      { name: 'team-a', key: 'sk-team-a-0123456789abcdef', models: ['qwen-plus'], ...plainKey },
      { name: 'generated', key: null, models: null, ...plainKey },
      { name: 'implicit', key: null, models: null, ...plainKey },
    ]);
  });

  it('keeps an absolute data_dir', () => {
    const dataDir = resolve(makeDirectory(), 'elsewhere');
    const cwd = makeWorkingDirectory(`server: { data_dir: ${JSON.stringify(dataDir)} }`);
    expect(loadConfig({ cwd, env: {} }).server.dataDir).toBe(dataDir);
  });

  it('lets command-line options override environment, and environment override the file', () => {
    const cwd = makeWorkingDirectory('server: { host: 10.0.0.1, port: 1000, data_dir: from-file }');
    const env = { OPT_HOST: '10.0.0.2', OPT_PORT: '2000', OPT_DATA_DIR: 'from-env' };

    const fromFile = loadConfig({ cwd, env: {} }).server;
    expect([fromFile.host, fromFile.port, fromFile.dataDir]).toEqual([
      '10.0.0.1',
      1000,
      join(cwd, 'from-file'),
    ]);

    const fromEnv = loadConfig({ cwd, env }).server;
    expect([fromEnv.host, fromEnv.port, fromEnv.dataDir]).toEqual(['10.0.0.2', 2000, join(cwd, 'from-env')]);

    const fromCli = loadConfig({ cwd, env, host: '10.0.0.3', port: 0, dataDir: '/srv/opt' }).server;
    expect([fromCli.host, fromCli.port, fromCli.dataDir]).toEqual(['10.0.0.3', 0, '/srv/opt']);
  });

  it('lets command-line options override defaults without a file', () => {
    const cwd = makeWorkingDirectory();
    const server = loadConfig({ cwd, env: {}, host: '::1', port: 3000, dataDir: 'd' }).server;
    expect([server.host, server.port, server.dataDir]).toEqual(['::1', 3000, join(cwd, 'd')]);
  });

  it('ignores empty OPT_* variables', () => {
    const cwd = makeWorkingDirectory();
    const config = loadConfig({
      cwd,
      env: { OPT_HOST: '', OPT_PORT: '', OPT_ADMIN_KEY: '', OPT_DATABASE_URL: '', OPT_LOG_LEVEL: '' },
    });
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.port).toBe(8080);
    expect(config.server.logLevel).toBe('info');
    expect(config.adminKey).toBeNull();
    expect(config.databaseUrl).toBeNull();
  });

  it('reads OPT_ADMIN_KEY, OPT_DATABASE_URL and OPT_LOG_LEVEL', () => {
    const cwd = makeWorkingDirectory();
    const config = loadConfig({
      cwd,
      env: {
        OPT_ADMIN_KEY: 'admin-secret-value',
        OPT_DATABASE_URL: 'postgresql://opt:pw@db:5432/opt',
        OPT_LOG_LEVEL: 'DEBUG',
      },
    });
    expect(config.adminKey).toBe('admin-secret-value');
    expect(config.databaseUrl).toBe('postgresql://opt:pw@db:5432/opt');
    expect(config.server.logLevel).toBe('debug');
    expect(loadConfig({ cwd, env: { OPT_DATABASE_URL: 'postgres://db/opt' } }).databaseUrl).toBe(
      'postgres://db/opt',
    );
  });

  it('interpolates numbers from the environment', () => {
    const cwd = makeWorkingDirectory('server: { port: "${PORT:-9000}", body_limit_mb: "${LIMIT}" }');
    expect(loadConfig({ cwd, env: { LIMIT: '5' } }).server).toMatchObject({
      port: 9000,
      bodyLimitBytes: 5 * 1024 * 1024,
    });
    expect(loadConfig({ cwd, env: { PORT: '7000', LIMIT: '1' } }).server.port).toBe(7000);
  });

  it('interpolates secrets with YAML-special characters verbatim and honours $${ escapes', () => {
    const cwd = makeWorkingDirectory(`
channels:
  - name: c
    base_url: \${BASE_URL:-http://localhost:8000/v1}
    api_key: \${SECRET}
    models: [m]
    headers: { X-Template: "$\${NOT_A_VARIABLE}", X-Both: "\${SECRET}/$\${SECRET}" }
`);
    const secret = `a: b # c "d" 'e' {f} [g] & *h !i | > \${SECRET}`;
    const [channel] = loadConfig({ cwd, env: { SECRET: secret } }).channels;
    expect(channel?.baseUrl).toBe('http://localhost:8000/v1');
    expect(channel?.apiKeys).toEqual([secret]);
    expect(channel?.headers).toEqual({ 'X-Template': '${NOT_A_VARIABLE}', 'X-Both': `${secret}/\${SECRET}` });
  });
});

describe('opt.example.yaml', () => {
  const examplePath = resolve(import.meta.dirname, '../../opt.example.yaml');

  it('loads when its environment variables are set', () => {
    const cwd = makeWorkingDirectory();
    const config = loadConfig({
      cwd,
      configPath: examplePath,
      env: {
        DASHSCOPE_API_KEY: 'sk-dashscope-test',
        DASHSCOPE_API_KEY_2: 'sk-dashscope-test-2',
        DEEPSEEK_API_KEY: 'sk-deepseek-test',
        DASHSCOPE_INTL_API_KEY: 'sk-dashscope-intl-test',
        TEAM_A_KEY: 'sk-team-a-0123456789abcdef',
      },
    });
    expect(config.sourcePath).toBe(examplePath);
    expect(config.channels.map((channel) => [channel.name, channel.baseUrl, channel.models])).toEqual([
      [
        'dashscope',
        'https://dashscope.aliyuncs.com/compatible-mode/v1',
        ['qwen3-max-2026-01-23', 'qwen-plus'],
      ],
      ['deepseek', 'https://api.deepseek.com/v1', ['deepseek-chat', 'deepseek-reasoner']],
      ['dashscope-intl', 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1', ['qwen3-max-2026-01-23']],
    ]);
    expect(config.channels[0]?.modelMap).toEqual({ 'qwen-plus': 'qwen-plus-latest' });
    expect(config.channels[0]).toMatchObject({
      apiKeys: ['sk-dashscope-test', 'sk-dashscope-test-2'],
      priority: 1,
      weight: 3,
    });
    expect(config.channels[1]).toMatchObject({ apiKeys: ['sk-deepseek-test'], priority: 0, weight: 1 });
    expect(config.fallbacks).toEqual({ 'qwen3-max-2026-01-23': ['deepseek-chat'] });
    expect(config.retry).toEqual({ maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 5000 });
    expect(config.breaker).toEqual({ failureThreshold: 5, windowMs: 30_000, cooldownMs: 30_000 });
    expect(config.keys[0]).toMatchObject({ name: 'team-a', key: 'sk-team-a-0123456789abcdef' });
    expect(config.billing).toEqual({ currency: 'CNY', reserveMaxTokens: 4096, tpmCountsCachedTokens: false });
    expect(config.prices.map((price) => price.model)).toEqual(['qwen3-max-2026-01-23', 'deepseek-chat']);
    expect(config.modelLimits).toEqual({
      'qwen3-max-2026-01-23': { rpm: 1000, tpm: 2_000_000, concurrency: 50 },
    });
    expect(config.teams).toMatchObject([{ name: 'research', priceMultiplierPpm: 900_000 }]);
    expect(config.keys[2]).toMatchObject({
      name: 'research-bot',
      team: 'research',
      allowIps: ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'],
      expiresAtMs: Date.parse('2026-12-31T15:59:59Z'),
    });
  });

  it('names the first secret that is missing', () => {
    const cwd = makeWorkingDirectory();
    const error = captureConfigError(() =>
      loadConfig({
        cwd,
        configPath: examplePath,
        env: { DASHSCOPE_API_KEY: 'sk-dashscope-test', DASHSCOPE_API_KEY_2: 'sk-dashscope-test-2' },
      }),
    );
    expect(error.message).toBe(
      `${examplePath}: channels[1].api_key: environment variable DEEPSEEK_API_KEY is not set`,
    );
  });
});
