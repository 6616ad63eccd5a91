import type { Insertable, Selectable } from 'kysely';
import { readStringArray } from './column-values.js';
import type { ChannelKeyStatesTable, ChannelsTable } from './database-schema.js';
import type { ChannelRow, ChannelTimeoutSettings, UpstreamKeyState } from './store-types.js';

export function toChannelRow(row: Selectable<ChannelsTable>): ChannelRow {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    baseUrl: row.base_url,
    apiVersion: row.api_version,
    apiKeysSealed: row.api_keys_sealed,
    headersSealed: row.headers_sealed,
    models: readStringArray(row.models, 'channels.models') ?? [],
    modelMap: readStringRecord(row.model_map, 'channels.model_map'),
    priority: row.priority,
    weight: row.weight,
    timeouts: readTimeouts(row.timeouts),
    maxConnections: row.max_connections,
    disabledAtMs: row.disabled_at,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}

export function fromChannelRow(row: ChannelRow): Insertable<ChannelsTable> {
  return { id: row.id, created_at: row.createdAtMs, ...fromMutableChannelFields(row) };
}

/** The columns `updateChannel` replaces: everything but id and creation. */
export function fromMutableChannelFields(row: ChannelRow) {
  return {
    name: row.name,
    provider: row.provider,
    base_url: row.baseUrl,
    api_version: row.apiVersion,
    api_keys_sealed: row.apiKeysSealed,
    headers_sealed: row.headersSealed,
    models: JSON.stringify(row.models),
    model_map: JSON.stringify(row.modelMap),
    priority: row.priority,
    weight: row.weight,
    timeouts: JSON.stringify({
      connect_ms: row.timeouts.connectMs,
      first_byte_ms: row.timeouts.firstByteMs,
      idle_ms: row.timeouts.idleMs,
      total_ms: row.timeouts.totalMs,
    }),
    max_connections: row.maxConnections,
    disabled_at: row.disabledAtMs,
    updated_at: row.updatedAtMs,
  } satisfies Partial<Insertable<ChannelsTable>>;
}

export function toUpstreamKeyState(row: Selectable<ChannelKeyStatesTable>): UpstreamKeyState {
  return {
    channelName: row.channel_name,
    fingerprint: row.key_fingerprint,
    disabledAtMs: row.disabled_at,
    reason: row.reason,
  };
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function readStringRecord(value: string, column: string): Record<string, string> {
  const parsed = parseJson(value);
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((item) => typeof item === 'string')
  ) {
    return parsed as Record<string, string>;
  }
  throw new Error(`Unexpected value in database column ${column}: not a JSON object of strings`);
}

const TIMEOUT_COLUMNS = ['connect_ms', 'first_byte_ms', 'idle_ms', 'total_ms'] as const;

function readTimeouts(value: string): ChannelTimeoutSettings {
  const parsed = parseJson(value) as Record<string, unknown> | undefined;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !TIMEOUT_COLUMNS.every((name) => Number.isSafeInteger(parsed[name]))
  ) {
    throw new Error('Unexpected value in database column channels.timeouts: not a JSON object of timeouts');
  }
  return {
    connectMs: parsed.connect_ms as number,
    firstByteMs: parsed.first_byte_ms as number,
    idleMs: parsed.idle_ms as number,
    totalMs: parsed.total_ms as number,
  };
}
