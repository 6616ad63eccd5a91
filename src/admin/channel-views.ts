import { toTimeoutFields } from '../config/channel-schema.js';
import { maskKey } from '../providers/shared/mask-secrets.js';
import type { RowSource } from '../store/store-types.js';
import { toIsoTime } from './admin-views.js';
import type { ChannelEntry } from './channel-entry.js';
import type { ChannelHealthView } from './channel-health.js';

/**
 * How a channel is shown by the admin API and its audit entries: the YAML's field names, but never a
 * credential: upstream keys as hints (`sk-...abcd`) and extra headers by name only.
 */
export interface ChannelView {
  id: string;
  object: 'channel';
  name: string;
  status: 'active' | 'disabled';
  provider: string;
  base_url: string;
  /** Azure OpenAI's api-version; null for other providers. */
  api_version: string | null;
  /** Hints of the upstream keys in order; null when the stored credentials cannot be opened. */
  api_keys: string[] | null;
  key_count: number | null;
  models: string[];
  model_map: Record<string, string>;
  /** Names of the extra headers (their values may be credentials); null as for api_keys. */
  header_names: string[] | null;
  priority: number;
  weight: number;
  timeouts: { connect_ms: number; first_byte_ms: number; idle_ms: number; total_ms: number };
  max_connections: number;
  source: RowSource;
  disabled_at: string | null;
  /** Null for config channels. */
  created_at: string | null;
  updated_at: string | null;
  /** Present when the stored credentials cannot be opened (OPT_SECRET_KEY changed): send new ones. */
  credentials_error?: string;
  /** On API answers, not in audit entries. */
  health?: ChannelHealthView;
}

/** Short keys are all hint and no secret once their last 4 characters show, so they show nothing. */
export function toUpstreamKeyHint(key: string): string {
  return key.length < 16 ? '***' : maskKey(key);
}

export function toChannelView(entry: ChannelEntry): ChannelView {
  const { channel } = entry;
  const opened = entry.credentialsError === null;
  const view: ChannelView = {
    id: entry.id,
    object: 'channel',
    name: channel.name,
    status: entry.disabledAtMs === null ? 'active' : 'disabled',
    provider: channel.provider,
    base_url: channel.baseUrl,
    api_version: channel.apiVersion ?? null,
    api_keys: opened ? channel.apiKeys.map(toUpstreamKeyHint) : null,
    key_count: opened ? channel.apiKeys.length : null,
    models: channel.models,
    model_map: channel.modelMap,
    header_names: opened ? Object.keys(channel.headers) : null,
    priority: channel.priority,
    weight: channel.weight,
    timeouts: toTimeoutFields(channel.timeouts),
    max_connections: channel.maxConnections,
    source: entry.source,
    disabled_at: toIsoTime(entry.disabledAtMs),
    created_at: entry.source === 'config' ? null : toIsoTime(entry.createdAtMs),
    updated_at: toIsoTime(entry.updatedAtMs),
  };
  if (entry.credentialsError !== null) view.credentials_error = entry.credentialsError;
  return view;
}
