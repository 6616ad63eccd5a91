import { ConfigError } from './config-error.js';
import type { Environment } from './interpolate-env.js';

/** The OPT_* variables. An empty value counts as unset, as it usually comes from a blank line in a .env file. */
export interface OptEnvironment {
  host: string | null;
  port: number | null;
  dataDir: string | null;
  logLevel: string;
  adminKey: string | null;
  databaseUrl: string | null;
  redisUrl: string | null;
  redisPrefix: string;
  /** OPT_SECRET_KEY as 64 lower-case hex characters. */
  secretKey: string | null;
  /** OPT_METRICS_TOKEN: the bearer token `GET /metrics` requires; null leaves it open. */
  metricsToken: string | null;
}

/** pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const DEFAULT_LOG_LEVEL = 'info';

export const DEFAULT_REDIS_PREFIX = 'opt:';

const REDIS_PREFIX = /^[A-Za-z0-9:_.-]{1,64}$/;

const SOURCE = 'environment';

export function readOptEnvironment(env: Environment): OptEnvironment {
  const read = (name: string): string | null => {
    const value = env[name];
    return value === undefined || value === '' ? null : value;
  };
  return {
    host: read('OPT_HOST'),
    port: parsePort(read('OPT_PORT')),
    dataDir: read('OPT_DATA_DIR'),
    logLevel: parseLogLevel(read('OPT_LOG_LEVEL')),
    adminKey: read('OPT_ADMIN_KEY'),
    databaseUrl: parseDatabaseUrl(read('OPT_DATABASE_URL')),
    redisUrl: parseRedisUrl(read('OPT_REDIS_URL')),
    redisPrefix: parseRedisPrefix(read('OPT_REDIS_PREFIX')),
    secretKey: parseSecretKey(read('OPT_SECRET_KEY')),
    metricsToken: read('OPT_METRICS_TOKEN'),
  };
}

function parsePort(value: string | null): number | null {
  if (value === null) return null;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new ConfigError(
      SOURCE,
      'OPT_PORT',
      `expected an integer from 0 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return port;
}

function parseLogLevel(value: string | null): string {
  if (value === null) return DEFAULT_LOG_LEVEL;
  const level = value.toLowerCase();
  const levels: readonly string[] = LOG_LEVELS;
  if (!levels.includes(level)) {
    throw new ConfigError(
      SOURCE,
      'OPT_LOG_LEVEL',
      `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return level;
}

function parseDatabaseUrl(value: string | null): string | null {
  if (value === null) return null;
  requireUrlScheme(value, 'OPT_DATABASE_URL', ['postgres', 'postgresql']);
  return value;
}

function parseRedisUrl(value: string | null): string | null {
  if (value === null) return null;
  const protocol = requireUrlScheme(value, 'OPT_REDIS_URL', ['redis', 'rediss']);
  if (!/^rediss?:\/\//i.test(value)) {
    throw new ConfigError(
      SOURCE,
      'OPT_REDIS_URL',
      `expected a redis:// or rediss:// URL, got "${protocol}" without "//"`,
    );
  }
  return value;
}

/**
 * The URL's protocol ("redis:"), which must be one of `schemes`. The URL may carry a password, so messages
 * show at most its scheme.
 */
function requireUrlScheme(value: string, name: string, schemes: readonly string[]): string {
  const expected = `expected a ${schemes.map((scheme) => `${scheme}://`).join(' or ')} URL`;
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ConfigError(SOURCE, name, `${expected}, got a non-URL`);
  }
  if (!schemes.some((scheme) => protocol === `${scheme}:`)) {
    throw new ConfigError(SOURCE, name, `${expected}, got a ${JSON.stringify(protocol.slice(0, 20))} URL`);
  }
  return protocol;
}

function parseRedisPrefix(value: string | null): string {
  if (value === null) return DEFAULT_REDIS_PREFIX;
  if (!REDIS_PREFIX.test(value)) {
    throw new ConfigError(
      SOURCE,
      'OPT_REDIS_PREFIX',
      `expected 1 to 64 characters from A-Z a-z 0-9 : _ . -, got ${JSON.stringify(value.slice(0, 80))}`,
    );
  }
  return value;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
/** 32 bytes in standard or URL-safe base64, padded (`openssl rand -base64 32`). */
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=$/;

/** 32 bytes as hex or base64, normalised to lower-case hex. A secret: messages give its length at most. */
function parseSecretKey(value: string | null): string | null {
  if (value === null) return null;
  if (HEX_KEY.test(value)) return value.toLowerCase();
  if (BASE64_KEY.test(value)) return Buffer.from(value, 'base64').toString('hex');
  throw new ConfigError(
    SOURCE,
    'OPT_SECRET_KEY',
    `expected 32 bytes as 64 hex characters or 44 base64 characters (openssl rand -hex 32), got ${value.length} characters that are neither`,
  );
}
