import {
  DEFAULT_AZURE_API_VERSION,
  isAzureApiVersion,
} from '../providers/azure-openai/azure-openai-api-version.js';
import { findPresetBaseUrl, listProviderKinds } from '../providers/registry.js';
import {
  childField,
  createDuplicateCheck,
  describeValue,
  type Field,
  failAt,
  readInteger,
  readList,
  readMapping,
  readOptionalMapping,
  readString,
  readStringRecord,
  readUniqueStringList,
  requireString,
} from './config-fields.js';
import type { ChannelConfig, ChannelTimeouts } from './config-types.js';

/** Every `provider` value: the registry's adapters and the OpenAI-compatible vendor presets. */
export const SUPPORTED_PROVIDERS: readonly string[] = listProviderKinds();

/** The provider whose channels take `api_version`. */
const AZURE_PROVIDER = 'azure-openai';

/** Generous because reasoning models can think for minutes before the first byte. */
export const DEFAULT_CHANNEL_TIMEOUTS: Readonly<ChannelTimeouts> = {
  connectMs: 10_000,
  firstByteMs: 300_000,
  idleMs: 120_000,
  totalMs: 900_000,
};

export const DEFAULT_MAX_CONNECTIONS = 256;

export const DEFAULT_PRIORITY = 0;
export const DEFAULT_WEIGHT = 1;
export const MAX_PRIORITY = 1000;
export const MAX_WEIGHT = 1000;
export const MAX_API_KEYS = 64;

/** Channel and key names end up in URLs of the admin API and in log lines, so keep them plain. */
export const NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

/** Node's setTimeout fires at once (with a warning) for delays above 2^31-1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

const MAX_MODEL_ID_LENGTH = 256;

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Framing and routing headers belong to the HTTP client; overriding them corrupts or misroutes requests. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** A channel's fields, in the YAML and in the admin API alike. */
export const CHANNEL_KEYS = [
  'name',
  'provider',
  'base_url',
  'api_version',
  'api_key',
  'api_keys',
  'models',
  'model_map',
  'headers',
  'timeouts',
  'max_connections',
  'priority',
  'weight',
] as const;

const TIMEOUT_KEYS = ['connect_ms', 'first_byte_ms', 'idle_ms', 'total_ms'] as const;

/** Timeouts under their YAML (and admin API) names. */
export function toTimeoutFields(timeouts: ChannelTimeouts) {
  return {
    connect_ms: timeouts.connectMs,
    first_byte_ms: timeouts.firstByteMs,
    idle_ms: timeouts.idleMs,
    total_ms: timeouts.totalMs,
  };
}

export function parseChannel(value: unknown, field: Field): ChannelConfig {
  const section = readMapping(value, field, CHANNEL_KEYS);
  const at = (key: string) => childField(field, key);
  const models = readModels(section.models, at('models'));
  const provider = readProvider(section.provider, at('provider'));
  const apiVersion = readApiVersion(section.api_version, at('api_version'), provider);
  return {
    name: readName(section.name, at('name')),
    provider,
    baseUrl: readBaseUrl(section.base_url, at('base_url'), findPresetBaseUrl(provider)),
    ...(apiVersion === null ? {} : { apiVersion }),
    apiKeys: readApiKeys(section, field),
    priority: readInteger(section.priority, at('priority'), -MAX_PRIORITY, MAX_PRIORITY) ?? DEFAULT_PRIORITY,
    weight: readInteger(section.weight, at('weight'), 1, MAX_WEIGHT) ?? DEFAULT_WEIGHT,
    models,
    modelMap: readModelMap(section.model_map, at('model_map'), models),
    headers: readHeaders(section.headers, at('headers')),
    timeouts: readTimeouts(section.timeouts, at('timeouts')),
    maxConnections:
      readInteger(section.max_connections, at('max_connections'), 1, 65_535) ?? DEFAULT_MAX_CONNECTIONS,
  };
}

export function readName(value: unknown, field: Field): string {
  const name = requireString(value, field);
  if (!NAME_PATTERN.test(name)) {
    failAt(field, `expected 1 to 64 characters from a-z A-Z 0-9 _ . -, got ${describeValue(name)}`);
  }
  return name;
}

export function checkModelId(model: string, field: Field): void {
  if (model.length > MAX_MODEL_ID_LENGTH || /[\s\p{Cc}]/u.test(model)) {
    failAt(
      field,
      `model ids must be at most ${MAX_MODEL_ID_LENGTH} characters without spaces or control characters`,
    );
  }
}

function readProvider(value: unknown, field: Field): string {
  const provider = readString(value, field) ?? 'openai-compatible';
  if (!SUPPORTED_PROVIDERS.includes(provider)) {
    failAt(
      field,
      `unsupported provider ${describeValue(provider)} (supported: ${SUPPORTED_PROVIDERS.join(', ')})`,
    );
  }
  return provider;
}

/** azure-openai's API version (its default when absent); null for every other provider, which take none. */
function readApiVersion(value: unknown, field: Field, provider: string): string | null {
  const version = readString(value, field);
  if (provider !== AZURE_PROVIDER) {
    if (version !== null) failAt(field, `is only for provider ${AZURE_PROVIDER}`);
    return null;
  }
  if (version === null) return DEFAULT_AZURE_API_VERSION;
  if (!isAzureApiVersion(version)) {
    failAt(
      field,
      `expected a dated version such as 2024-10-21 (or -preview) or v1, got ${describeValue(version)}`,
    );
  }
  return version;
}

/** A vendor preset's URL when the channel gives none; required for every other provider. */
function readBaseUrl(value: unknown, field: Field, presetUrl: string | null): string {
  const text =
    presetUrl !== null && (value === undefined || value === null) ? presetUrl : requireString(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    failAt(field, `expected an http(s) URL, got ${describeValue(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    failAt(field, `expected an http(s) URL, got ${describeValue(text)}`);
  }
  // The base URL is shown in logs and the console; a credential inside it would leak there.
  if (url.username !== '' || url.password !== '') {
    failAt(field, 'must not contain credentials; use api_key or headers');
  }
  // Adapters append paths such as /chat/completions.
  return url.href.replace(/\/+$/, '');
}

/** `api_key` (one) or `api_keys` (several, used round-robin); [] for upstreams that need no key. */
function readApiKeys(section: Record<string, unknown>, field: Field): string[] {
  const single = section.api_key;
  const list = section.api_keys;
  const isSet = (value: unknown) => value !== null && value !== undefined;
  if (isSet(single) && isSet(list)) {
    failAt(childField(field, 'api_keys'), 'use api_key for one key or api_keys for several, not both');
  }
  if (isSet(single)) {
    const keyField = childField(field, 'api_key');
    const key = readSecret(single, keyField);
    // Most often `${VAR}` with VAR set to ''; sending no credential would only surface later as upstream 401s.
    if (key === '') failAt(keyField, 'is empty; remove the line for upstreams that need no key');
    return [key];
  }
  const listField = childField(field, 'api_keys');
  const items = readList(list, listField);
  if (items === null) return [];
  if (items.length === 0)
    failAt(listField, 'must list at least one key; remove the line for upstreams that need no key');
  if (items.length > MAX_API_KEYS) failAt(listField, `at most ${MAX_API_KEYS} keys, got ${items.length}`);
  const checkDuplicate = createDuplicateCheck();
  return items.map((item, index) => {
    const itemField = childField(listField, index);
    const key = readSecret(item, itemField);
    if (key === '') failAt(itemField, 'is empty');
    checkDuplicate(key, index, itemField, (firstIndex) => `same key as api_keys[${firstIndex}]`);
    return key;
  });
}

/** An upstream credential: messages describe it, never show it (not even a mistyped number). */
function readSecret(value: unknown, field: Field): string {
  if (typeof value === 'number' || typeof value === 'boolean') {
    failAt(field, `expected a string, got a ${typeof value} (quote it)`);
  }
  const key = requireString(value, field);
  // The key goes into the Authorization header; a line break would let it inject further headers.
  if (/[\r\n\0]/.test(key)) failAt(field, 'must not contain line breaks or NUL');
  return key;
}

function readModels(value: unknown, field: Field): string[] {
  const models = readUniqueStringList(value, field, 'model');
  if (models === null) failAt(field, 'is required (a list of the model ids this channel serves)');
  if (models.length === 0) failAt(field, 'must list at least one model');
  models.forEach((model, index) => {
    checkModelId(model, childField(field, index));
  });
  return models;
}

function readModelMap(value: unknown, field: Field, models: readonly string[]): Record<string, string> {
  const modelMap = readStringRecord(value, field);
  for (const [publicId, upstreamId] of Object.entries(modelMap)) {
    const entryField = childField(field, publicId);
    if (!models.includes(publicId)) {
      failAt(entryField, `${JSON.stringify(publicId)} is not one of this channel's models`);
    }
    if (upstreamId === '') failAt(entryField, 'upstream model id must not be empty');
    checkModelId(upstreamId, entryField);
  }
  return modelMap;
}

function readHeaders(value: unknown, field: Field): Record<string, string> {
  const headers = readStringRecord(value, field);
  const seen = new Set<string>();
  for (const [name, headerValue] of Object.entries(headers)) {
    const headerField = childField(field, name);
    const lowerName = name.toLowerCase();
    if (!HEADER_NAME.test(name)) failAt(headerField, 'is not a valid HTTP header name');
    if (RESERVED_HEADERS.has(lowerName))
      failAt(headerField, 'is set by the HTTP client and cannot be overridden');
    if (seen.has(lowerName)) failAt(headerField, 'duplicate header (names are case-insensitive)');
    // CR or LF would let a value inject further headers.
    if (/[\r\n\0]/.test(headerValue))
      failAt(headerField, 'header values must not contain line breaks or NUL');
    seen.add(lowerName);
  }
  return headers;
}

function readTimeouts(value: unknown, field: Field): ChannelTimeouts {
  const section = readOptionalMapping(value, field, TIMEOUT_KEYS);
  const read = (key: (typeof TIMEOUT_KEYS)[number]) =>
    readInteger(section[key], childField(field, key), 1, MAX_TIMER_MS);
  return {
    connectMs: read('connect_ms') ?? DEFAULT_CHANNEL_TIMEOUTS.connectMs,
    firstByteMs: read('first_byte_ms') ?? DEFAULT_CHANNEL_TIMEOUTS.firstByteMs,
    idleMs: read('idle_ms') ?? DEFAULT_CHANNEL_TIMEOUTS.idleMs,
    totalMs: read('total_ms') ?? DEFAULT_CHANNEL_TIMEOUTS.totalMs,
  };
}
