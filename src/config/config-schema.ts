import { checkModelId, MAX_TIMER_MS, parseChannel, readName } from './channel-schema.js';
import {
  childField,
  describeValue,
  type Field,
  failAt,
  readInteger,
  readList,
  readMapping,
  readOptionalMapping,
  readString,
  readUniqueStringList,
} from './config-fields.js';
import type { ChannelConfig, KeyConfig, ServerConfig } from './config-types.js';
import type { Environment } from './interpolate-env.js';

/** What the YAML file yields; environment and command line are layered on top by loadConfig. */
export interface FileConfig {
  /** `dataDir` is still as written (maybe relative); loadConfig resolves whichever source wins. */
  server: Omit<ServerConfig, 'logLevel'>;
  channels: ChannelConfig[];
  keys: KeyConfig[];
}

const MEBIBYTE = 1024 * 1024;

export const DEFAULT_SERVER: Readonly<FileConfig['server']> = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  bodyLimitBytes: 10 * MEBIBYTE,
  shutdownGraceMs: 30_000,
};

export const MIN_CLIENT_KEY_LENGTH = 20;
export const MAX_CLIENT_KEY_LENGTH = 200;

const TOP_LEVEL_KEYS = ['server', 'channels', 'keys'] as const;
const SERVER_KEYS = ['host', 'port', 'data_dir', 'body_limit_mb', 'shutdown_grace_ms'] as const;
const KEY_KEYS = ['name', 'key', 'models'] as const;

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
  const server = parseServer(top.server, childField(root, 'server'));
  const channels = parseChannels(top.channels, childField(root, 'channels'));
  const servedModels = new Set(channels.flatMap((channel) => channel.models));
  const keys = parseKeys(top.keys, childField(root, 'keys'), servedModels);
  return { server, channels, keys };
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
  };
}

export function isPlausibleHost(host: string): boolean {
  return host !== '' && host.length <= 253 && !/[\s/\p{Cc}]/u.test(host);
}

function parseChannels(value: unknown, field: Field): ChannelConfig[] {
  const items = readList(value, field) ?? [];
  const firstIndexByName = new Map<string, number>();
  return items.map((item, index) => {
    const channelField = childField(field, index);
    const channel = parseChannel(item, channelField);
    const firstIndex = firstIndexByName.get(channel.name);
    if (firstIndex !== undefined) {
      failAt(
        childField(channelField, 'name'),
        `duplicate channel name ${JSON.stringify(channel.name)} (also channels[${firstIndex}])`,
      );
    }
    firstIndexByName.set(channel.name, index);
    return channel;
  });
}

function parseKeys(value: unknown, field: Field, servedModels: ReadonlySet<string>): KeyConfig[] {
  const items = readList(value, field) ?? [];
  const firstIndexByName = new Map<string, number>();
  const firstIndexByKey = new Map<string, number>();
  return items.map((item, index) => {
    const keyField = childField(field, index);
    const key = parseKey(item, keyField, servedModels);
    const firstNameIndex = firstIndexByName.get(key.name);
    if (firstNameIndex !== undefined) {
      failAt(
        childField(keyField, 'name'),
        `duplicate key name ${JSON.stringify(key.name)} (also keys[${firstNameIndex}])`,
      );
    }
    firstIndexByName.set(key.name, index);
    if (key.key !== null) {
      // Never echo the key itself: this message goes to the terminal and to logs.
      const firstKeyIndex = firstIndexByKey.get(key.key);
      if (firstKeyIndex !== undefined) {
        failAt(childField(keyField, 'key'), `same key as keys[${firstKeyIndex}]; every key must be distinct`);
      }
      firstIndexByKey.set(key.key, index);
    }
    return key;
  });
}

function parseKey(value: unknown, field: Field, servedModels: ReadonlySet<string>): KeyConfig {
  const section = readMapping(value, field, KEY_KEYS);
  const at = (key: (typeof KEY_KEYS)[number]) => childField(field, key);
  const name = readName(section.name, at('name'));
  const key = readString(section.key, at('key'));
  if (key !== null && !isWellFormedClientKey(key)) {
    failAt(
      at('key'),
      `expected "sk-" followed by printable characters without spaces, ${MIN_CLIENT_KEY_LENGTH} to ` +
        `${MAX_CLIENT_KEY_LENGTH} characters in all, or null to generate one`,
    );
  }
  const models = readUniqueStringList(section.models, at('models'), 'model');
  if (models !== null) {
    // An empty allow-list would lock the key out entirely; omitting `models` is how to allow everything.
    if (models.length === 0)
      failAt(at('models'), 'must list at least one model; omit it to allow all models');
    models.forEach((model, index) => {
      const modelField = childField(at('models'), index);
      checkModelId(model, modelField);
      if (!servedModels.has(model)) failAt(modelField, `no channel serves model ${JSON.stringify(model)}`);
    });
  }
  return { name, key, models };
}

export function isWellFormedClientKey(key: string): boolean {
  return (
    key.startsWith('sk-') &&
    key.length >= MIN_CLIENT_KEY_LENGTH &&
    key.length <= MAX_CLIENT_KEY_LENGTH &&
    /^[\x21-\x7e]+$/.test(key)
  );
}
