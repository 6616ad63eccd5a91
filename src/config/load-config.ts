import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { isPlausibleHost, parseConfigFile } from './config-schema.js';
import type { OptConfig } from './config-types.js';
import type { Environment } from './interpolate-env.js';
import { readOptEnvironment } from './read-opt-environment.js';
import { readYamlFile } from './read-yaml-file.js';

export interface LoadConfigOptions {
  /** --config; null or absent means ./opt.yaml when it exists, else defaults. */
  configPath?: string | null;
  host?: string;
  port?: number;
  dataDir?: string;
  /** Passed in rather than read from process.env, so this stays the only module that touches it and tests stay pure. */
  env: Environment;
  /** Base for relative paths; defaults to process.cwd(). */
  cwd?: string;
}

const DEFAULT_CONFIG_FILE = 'opt.yaml';
const COMMAND_LINE = 'command line';

/**
 * Reads, validates and resolves the configuration once at boot; throws ConfigError.
 * Precedence, highest first: command-line flags, OPT_HOST/OPT_PORT/OPT_DATA_DIR, the YAML file, defaults.
 */
export function loadConfig(options: LoadConfigOptions): OptConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = locateConfigFile(options.configPath, cwd);
  const document = file === null ? null : readYamlFile(file.absolutePath, file.displayName);
  const fileConfig = parseConfigFile(document, file?.displayName ?? DEFAULT_CONFIG_FILE, options.env);
  const environment = readOptEnvironment(options.env);

  const host = options.host ?? environment.host ?? fileConfig.server.host;
  if (!isPlausibleHost(host)) {
    const [source, path] =
      options.host !== undefined ? [COMMAND_LINE, '--host'] : ['environment', 'OPT_HOST'];
    throw new ConfigError(source, path, `expected a host name or IP address, got ${JSON.stringify(host)}`);
  }
  if (
    options.port !== undefined &&
    !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65_535)
  ) {
    throw new ConfigError(COMMAND_LINE, '--port', `expected an integer from 0 to 65535, got ${options.port}`);
  }
  if (options.dataDir === '') throw new ConfigError(COMMAND_LINE, '--data', 'must not be empty');
  const dataDir = options.dataDir ?? environment.dataDir ?? fileConfig.server.dataDir;

  if (environment.adminKey !== null) {
    const clashIndex = fileConfig.keys.findIndex((key) => key.key === environment.adminKey);
    // A client holding the admin key would silently become an administrator.
    if (clashIndex !== -1) {
      throw new ConfigError(
        'environment',
        'OPT_ADMIN_KEY',
        `must differ from every client key (same as keys[${clashIndex}].key)`,
      );
    }
  }

  return {
    sourcePath: file?.absolutePath ?? null,
    server: {
      ...fileConfig.server,
      host,
      port: options.port ?? environment.port ?? fileConfig.server.port,
      dataDir: resolve(cwd, dataDir),
      logLevel: environment.logLevel,
    },
    channels: fileConfig.channels,
    keys: fileConfig.keys,
    teams: fileConfig.teams,
    prices: fileConfig.prices,
    billing: fileConfig.billing,
    modelLimits: fileConfig.modelLimits,
    fallbacks: fileConfig.fallbacks,
    retry: fileConfig.retry,
    breaker: fileConfig.breaker,
    redisUrl: environment.redisUrl,
    redisPrefix: environment.redisPrefix,
    secretKey: environment.secretKey,
    metricsToken: environment.metricsToken,
    adminKey: environment.adminKey,
    databaseUrl: environment.databaseUrl,
  };
}

interface ConfigFileLocation {
  absolutePath: string;
  /** As the user wrote it, so messages match what they typed. */
  displayName: string;
}

function locateConfigFile(configPath: string | null | undefined, cwd: string): ConfigFileLocation | null {
  if (configPath === '') throw new ConfigError(COMMAND_LINE, '--config', 'must not be empty');
  if (configPath !== null && configPath !== undefined) {
    // A missing explicit file is reported by readYamlFile, naming it.
    return { absolutePath: resolve(cwd, configPath), displayName: configPath };
  }
  const absolutePath = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(absolutePath) ? { absolutePath, displayName: DEFAULT_CONFIG_FILE } : null;
}
