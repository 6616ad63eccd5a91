import type { ChannelConfig } from '../config/config-types.js';
import type { ChannelRow, RowSource } from '../store/store-types.js';
import { type SecretBox, SecretBoxError } from './secret-box.js';

/**
 * A channel as the admin services see it: a stored (API) channel with its credentials opened, or a
 * YAML channel. Config channels are never stored; their id is `cfg_<name>`.
 */
export interface ChannelEntry {
  id: string;
  source: RowSource;
  channel: ChannelConfig;
  /**
   * Why the stored credentials cannot be opened (a changed OPT_SECRET_KEY); `channel.apiKeys` and
   * `channel.headers` are then empty and must not be used. Null when they were opened.
   */
  credentialsError: string | null;
  disabledAtMs: number | null;
  /** 0 for config channels, so they list first. */
  createdAtMs: number;
  /** Null for config channels. */
  updatedAtMs: number | null;
}

export const CONFIG_CHANNEL_ID_PREFIX = 'cfg_';

export function toConfigEntry(channel: ChannelConfig): ChannelEntry {
  return {
    id: `${CONFIG_CHANNEL_ID_PREFIX}${channel.name}`,
    source: 'config',
    channel,
    credentialsError: null,
    disabledAtMs: null,
    createdAtMs: 0,
    updatedAtMs: null,
  };
}

/** Never throws for credentials that cannot be opened: the entry says why instead. */
export function toStoredEntry(row: ChannelRow, box: SecretBox): ChannelEntry {
  let credentials: Pick<ChannelConfig, 'apiKeys' | 'headers'> = { apiKeys: [], headers: {} };
  let credentialsError: string | null = null;
  try {
    credentials = openCredentials(row, box);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    credentialsError = error.message;
  }
  return {
    id: row.id,
    source: 'api',
    channel: toChannelConfig(row, credentials),
    credentialsError,
    disabledAtMs: row.disabledAtMs,
    createdAtMs: row.createdAtMs,
    updatedAtMs: row.updatedAtMs,
  };
}

/** The row's channel with its credentials opened; throws SecretBoxError when they cannot be. */
export function openChannelRow(row: ChannelRow, box: SecretBox): ChannelConfig {
  return toChannelConfig(row, openCredentials(row, box));
}

export function sealChannel(
  channel: ChannelConfig,
  box: SecretBox,
  meta: Pick<ChannelRow, 'id' | 'disabledAtMs' | 'createdAtMs' | 'updatedAtMs'>,
): ChannelRow {
  return {
    ...meta,
    name: channel.name,
    provider: channel.provider,
    baseUrl: channel.baseUrl,
    apiVersion: channel.apiVersion ?? null,
    apiKeysSealed: box.seal(JSON.stringify(channel.apiKeys)),
    headersSealed: box.seal(JSON.stringify(channel.headers)),
    models: [...channel.models],
    modelMap: { ...channel.modelMap },
    priority: channel.priority,
    weight: channel.weight,
    timeouts: { ...channel.timeouts },
    maxConnections: channel.maxConnections,
  };
}

function toChannelConfig(
  row: ChannelRow,
  credentials: Pick<ChannelConfig, 'apiKeys' | 'headers'>,
): ChannelConfig {
  return {
    name: row.name,
    // The input parser refuses unknown providers before a row is stored.
    provider: row.provider,
    baseUrl: row.baseUrl,
    ...(row.apiVersion === null ? {} : { apiVersion: row.apiVersion }),
    apiKeys: credentials.apiKeys,
    priority: row.priority,
    weight: row.weight,
    models: row.models,
    modelMap: row.modelMap,
    headers: credentials.headers,
    timeouts: row.timeouts,
    maxConnections: row.maxConnections,
  };
}

function openCredentials(row: ChannelRow, box: SecretBox): Pick<ChannelConfig, 'apiKeys' | 'headers'> {
  const apiKeys = parseSealedJson(box.open(row.apiKeysSealed));
  const headers = parseSealedJson(box.open(row.headersSealed));
  if (!Array.isArray(apiKeys) || !apiKeys.every((key) => typeof key === 'string')) {
    throw new SecretBoxError('cannot decrypt channel credentials: the sealed keys are not a list of strings');
  }
  if (
    typeof headers !== 'object' ||
    headers === null ||
    Array.isArray(headers) ||
    !Object.values(headers).every((value) => typeof value === 'string')
  ) {
    throw new SecretBoxError(
      'cannot decrypt channel credentials: the sealed headers are not a mapping of strings',
    );
  }
  return { apiKeys, headers: headers as Record<string, string> };
}

function parseSealedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
