import type { LimitSettings } from '../store/store-types.js';
import { parseBilling } from './billing-schema.js';
import { MAX_TIMER_MS, parseChannel } from './channel-schema.js';
import {
  childField,
  describeValue,
  type Field,
  failAt,
  readBoolean,
  readInteger,
  readNamedList,
  readOptionalMapping,
  readString,
} from './config-fields.js';
import type {
  BillingConfig,
  BreakerConfig,
  ChannelConfig,
  KeyConfig,
  PriceConfig,
  RetryConfig,
  ServerConfig,
  TeamConfig,
} from './config-types.js';
import type { Environment } from './interpolate-env.js';
import { parseKeys } from './key-schema.js';
import { parseModelLimits } from './limit-schema.js';
import { parsePrices } from './price-schema.js';
import { parseBreaker, parseFallbacks, parseRetry } from './routing-schema.js';
import { parseTeams } from './team-schema.js';

/** What the YAML file yields; environment and command line are layered on top by loadConfig. */
export interface FileConfig {
  /** `dataDir` is still as written (maybe relative); loadConfig resolves whichever source wins. */
  server: Omit<ServerConfig, 'logLevel'>;
  channels: ChannelConfig[];
  keys: KeyConfig[];
  teams: TeamConfig[];
  prices: PriceConfig[];
  billing: BillingConfig;
  modelLimits: Record<string, LimitSettings>;
  fallbacks: Record<string, string[]>;
  retry: RetryConfig;
  breaker: BreakerConfig;
}

const MEBIBYTE = 1024 * 1024;

export const DEFAULT_SERVER: Readonly<FileConfig['server']> = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  bodyLimitBytes: 10 * MEBIBYTE,
  shutdownGraceMs: 30_000,
  trustProxy: false,
};

const TOP_LEVEL_KEYS = [
  'server',
  'channels',
  'keys',
  'teams',
  'currency',
  'billing',
  'prices',
  'model_limits',
  'fallbacks',
  'retry',
  'breaker',
] as const;
const SERVER_KEYS = [
  'host',
  'port',
  'data_dir',
  'body_limit_mb',
  'shutdown_grace_ms',
  'trust_proxy',
] as const;

/**
 * Validates a parsed YAML document (null for an empty file or no file) and fills in defaults.
 * `source` is the file name used in error messages.
 */
export function parseConfigFile(document: unknown, source: string, env: Environment): FileConfig {
  const root: Field = { source, path: '', env };
  if (
    document !== null &&
    document !== undefined &&
    (typeof document !== 'object' || Array.isArray(document))
  ) {
    failAt(
      root,
      `expected a mapping with server, channels and keys at the top level, got ${describeValue(document)}`,
    );
  }
  const top = readOptionalMapping(document, root, TOP_LEVEL_KEYS);
  const at = (key: (typeof TOP_LEVEL_KEYS)[number]) => childField(root, key);
  const server = parseServer(top.server, at('server'));
  const channels = parseChannels(top.channels, at('channels'));
  const servedModels = new Set(channels.flatMap((channel) => channel.models));
  const teams = parseTeams(top.teams, at('teams'), servedModels);
  const teamsByName = new Map(teams.map((team) => [team.name, team]));
  const keys = parseKeys(top.keys, at('keys'), servedModels, teamsByName);
  return {
    server,
    channels,
    keys,
    teams,
    prices: parsePrices(top.prices, at('prices')),
    billing: parseBilling(top.currency, at('currency'), top.billing, at('billing')),
    modelLimits: parseModelLimits(top.model_limits, at('model_limits'), servedModels),
    fallbacks: parseFallbacks(top.fallbacks, at('fallbacks'), servedModels),
    retry: parseRetry(top.retry, at('retry')),
    breaker: parseBreaker(top.breaker, at('breaker')),
  };
}

function parseServer(value: unknown, field: Field): FileConfig['server'] {
  const section = readOptionalMapping(value, field, SERVER_KEYS);
  const at = (key: (typeof SERVER_KEYS)[number]) => childField(field, key);
  const host = readString(section.host, at('host'));
  if (host !== null && !isPlausibleHost(host)) failAt(at('host'), 'expected a host name or IP address');
  const dataDir = readString(section.data_dir, at('data_dir'));
  if (dataDir === '') failAt(at('data_dir'), 'must not be empty');
  const bodyLimitMb = readInteger(section.body_limit_mb, at('body_limit_mb'), 1, 1024);
  return {
    host: host ?? DEFAULT_SERVER.host,
    port: readInteger(section.port, at('port'), 0, 65_535) ?? DEFAULT_SERVER.port,
    dataDir: dataDir ?? DEFAULT_SERVER.dataDir,
    bodyLimitBytes: bodyLimitMb === null ? DEFAULT_SERVER.bodyLimitBytes : bodyLimitMb * MEBIBYTE,
    shutdownGraceMs:
      readInteger(section.shutdown_grace_ms, at('shutdown_grace_ms'), 0, MAX_TIMER_MS) ??
      DEFAULT_SERVER.shutdownGraceMs,
    trustProxy: readBoolean(section.trust_proxy, at('trust_proxy')) ?? DEFAULT_SERVER.trustProxy,
  };
}

export function isPlausibleHost(host: string): boolean {
  return host !== '' && host.length <= 253 && !/[\s/\p{Cc}]/u.test(host);
}

function parseChannels(value: unknown, field: Field): ChannelConfig[] {
  return readNamedList(value, field, 'channel', parseChannel);
}
