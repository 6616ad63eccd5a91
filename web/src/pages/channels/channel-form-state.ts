import type { ChannelView, ProviderView } from './channel-types';

/** One row of a name → value editor (model map, headers). */
export interface Pair {
  id: number;
  name: string;
  value: string;
}

export type TimeoutName = 'connect_ms' | 'first_byte_ms' | 'idle_ms' | 'total_ms';
export const TIMEOUT_NAMES: readonly TimeoutName[] = ['connect_ms', 'first_byte_ms', 'idle_ms', 'total_ms'];

/** What the channel dialog edits. Secrets (keys, header values) start empty: they never come back. */
export interface ChannelFormState {
  name: string;
  provider: string;
  baseUrl: string;
  apiVersion: string;
  /** Whether this save sends new keys (always on create); off keeps the stored ones. */
  replaceKeys: boolean;
  /** New upstream keys (in `value`), one row each. */
  keys: Pair[];
  models: string[];
  modelMap: Pair[];
  /** Whether this save sends headers (on create: when any); off keeps the stored ones. */
  replaceHeaders: boolean;
  headers: Pair[];
  priority: number | null;
  weight: number | null;
  timeouts: Record<TimeoutName, number | null>;
  maxConnections: number | null;
}

let nextPairId = 1;
export function newPair(name = '', value = ''): Pair {
  return { id: nextPairId++, name, value };
}

export function emptyChannelForm(provider = 'openai-compatible', baseUrl = ''): ChannelFormState {
  return {
    name: '',
    provider,
    baseUrl,
    apiVersion: '',
    replaceKeys: true,
    keys: [newPair()],
    models: [],
    modelMap: [],
    replaceHeaders: true,
    headers: [],
    priority: null,
    weight: null,
    timeouts: { connect_ms: null, first_byte_ms: null, idle_ms: null, total_ms: null },
    maxConnections: null,
  };
}

export function channelFormFrom(channel: ChannelView): ChannelFormState {
  return {
    name: channel.name,
    provider: channel.provider,
    baseUrl: channel.base_url,
    apiVersion: channel.api_version ?? '',
    // A channel whose stored credentials cannot be opened must get new ones with any change.
    replaceKeys: channel.credentials_error !== undefined,
    keys: [newPair()],
    models: [...channel.models],
    modelMap: Object.entries(channel.model_map).map(([from, to]) => newPair(from, to)),
    replaceHeaders: channel.credentials_error !== undefined,
    headers: [],
    priority: channel.priority,
    weight: channel.weight,
    timeouts: { ...channel.timeouts },
    maxConnections: channel.max_connections,
  };
}

export function toKeyList(keys: readonly Pair[]): string[] {
  return keys.map((key) => key.value.trim()).filter((key) => key.length > 0);
}

const toRecord = (pairs: readonly Pair[]) =>
  Object.fromEntries(
    pairs.filter((pair) => pair.name.trim() !== '').map((pair) => [pair.name.trim(), pair.value]),
  );

/**
 * The JSON body of `POST /admin/channels` (`editing` false) or `PATCH /admin/channels/{id}`. In a PATCH
 * null puts a field back to its default, and keys and headers are sent only when they are replaced.
 */
export function toChannelBody(
  form: ChannelFormState,
  provider: ProviderView | undefined,
  editing: boolean,
): Record<string, unknown> {
  const unset = editing ? null : undefined;
  const baseUrl = form.baseUrl.trim();
  const body: Record<string, unknown> = {
    name: form.name.trim(),
    provider: form.provider,
    // Empty: a preset's default base URL applies (the API names the field when one is required).
    base_url: baseUrl === '' && provider?.default_base_url ? unset : baseUrl,
    api_version: provider?.api_version && form.apiVersion.trim() !== '' ? form.apiVersion.trim() : unset,
    models: form.models,
    model_map: toRecord(form.modelMap),
    priority: form.priority ?? unset,
    weight: form.weight ?? unset,
    timeouts: Object.fromEntries(TIMEOUT_NAMES.map((name) => [name, form.timeouts[name] ?? unset])),
    max_connections: form.maxConnections ?? unset,
  };
  if (form.replaceKeys) {
    const keys = toKeyList(form.keys);
    if (editing || keys.length > 0) body.api_keys = keys;
  }
  if (form.replaceHeaders) {
    const headers = toRecord(form.headers);
    if (editing || Object.keys(headers).length > 0) body.headers = headers;
  }
  return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
}

/** The form field an API error's `param` names (`api_keys[1]` → `api_keys`, `model_map.gpt` → `model_map`). */
export function fieldOfParam(param: string | null): string | null {
  if (!param) return null;
  if (param.startsWith('timeouts.')) return param.split(/[.[]/, 2).join('.');
  const head = param.split(/[.[]/, 1)[0] ?? '';
  if (head === 'api_key') return 'api_keys';
  return CHANNEL_FORM_FIELDS.has(head) ? head : null;
}

const CHANNEL_FORM_FIELDS = new Set([
  'name',
  'provider',
  'base_url',
  'api_version',
  'api_keys',
  'models',
  'model_map',
  'headers',
  'priority',
  'weight',
  'timeouts',
  'max_connections',
]);
