import { InvalidRequestError } from '../api/gateway-error.js';
import { isJsonObject, type JsonObject } from '../api/validation-helpers.js';
import { CHANNEL_KEYS, parseChannel, toTimeoutFields } from '../config/channel-schema.js';
import { ConfigError } from '../config/config-error.js';
import type { Field } from '../config/config-fields.js';
import type { ChannelConfig } from '../config/config-types.js';
import { findPresetBaseUrl } from '../providers/registry.js';
import { readBody } from './json-input-fields.js';

/**
 * JSON bodies of `POST /admin/channels` and `PATCH /admin/channels/:id` → a checked channel. The field names
 * are the YAML's, and the result goes through the YAML's own parser (`parseChannel`), so a channel is valid
 * through the API exactly when it would be in the config file. In a PATCH an absent field is left as it
 * is and null clears an optional one back to its default; `timeouts` is merged field by field, while
 * `api_keys` (or `api_key`), `models`, `model_map` and `headers` are replaced whole.
 */
export const CHANNEL_FIELDS = CHANNEL_KEYS;

const BODY_FIELD: Field = { source: 'request body', path: '', env: {} };

/** The channel a create (`current` null) or a PATCH of `current` asks for; 400 naming the field otherwise. */
export function applyChannelBody(current: ChannelConfig | null, body: unknown): ChannelConfig {
  const object = readBody(body, CHANNEL_FIELDS);
  const isSet = (value: unknown) => value !== undefined && value !== null;
  if (isSet(object.api_key) && isSet(object.api_keys)) {
    throw new InvalidRequestError('Send api_key for one key or api_keys for several, not both.', 'api_keys');
  }
  const section = current === null ? {} : toYamlSection(current);
  if (current !== null && 'provider' in object) forgetProviderDefaults(section, current, object);
  for (const [field, value] of Object.entries(object)) {
    if (field === 'api_key' || field === 'api_keys') {
      checkNotHints(field, value);
      delete section.api_key;
      delete section.api_keys;
      // [] is how the API says "no key"; the YAML says it by leaving the line out.
      if (value !== null && !(Array.isArray(value) && value.length === 0)) section[field] = value;
    } else if (field === 'timeouts' && isJsonObject(value)) {
      const merged = { ...(isJsonObject(section.timeouts) ? section.timeouts : {}), ...value };
      section.timeouts = Object.fromEntries(Object.entries(merged).filter(([, item]) => item !== null));
    } else if (value === null) {
      delete section[field];
    } else {
      section[field] = value;
    }
  }
  try {
    return parseChannel(escapeReferences(section), BODY_FIELD);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.path === '' ? error.problem : `\`${error.path}\`: ${error.problem}`;
    throw new InvalidRequestError(message, error.path === '' ? null : error.path);
  }
}

/**
 * A PATCH that changes the provider drops what came with the old one unless the body sends it again:
 * a preset's default base URL (the new preset's applies) and azure-openai's api_version.
 */
function forgetProviderDefaults(section: JsonObject, current: ChannelConfig, body: JsonObject): void {
  if (body.provider === current.provider) return;
  if (!('base_url' in body) && current.baseUrl === findPresetBaseUrl(current.provider))
    delete section.base_url;
  if (!('api_version' in body)) delete section.api_version;
}

/** Whether a PATCH body replaces both the keys and the headers (needed when the old ones cannot be opened). */
export function replacesCredentials(body: unknown): boolean {
  return isJsonObject(body) && ('api_keys' in body || 'api_key' in body) && 'headers' in body;
}

function toYamlSection(channel: ChannelConfig): JsonObject {
  const section: JsonObject = {
    name: channel.name,
    provider: channel.provider,
    base_url: channel.baseUrl,
    models: [...channel.models],
    model_map: { ...channel.modelMap },
    headers: { ...channel.headers },
    priority: channel.priority,
    weight: channel.weight,
    timeouts: toTimeoutFields(channel.timeouts),
    max_connections: channel.maxConnections,
  };
  if (channel.apiKeys.length > 0) section.api_keys = [...channel.apiKeys];
  if (channel.apiVersion !== undefined) section.api_version = channel.apiVersion;
  return section;
}

/**
 * Views show keys as hints (`sk-...abcd`); a console that sends a view back must not store a hint as
 * the key. No real key contains `...`.
 */
function checkNotHints(field: string, value: unknown): void {
  const keys = Array.isArray(value) ? value : [value];
  const index = keys.findIndex((key) => typeof key === 'string' && (key.includes('...') || key === '***'));
  if (index === -1) return;
  const param = Array.isArray(value) ? `${field}[${index}]` : field;
  throw new InvalidRequestError(
    `\`${param}\` is a key hint, not a key; send the full key, or leave ${field} out to keep the current keys.`,
    param,
  );
}

/**
 * The YAML parser expands `${NAME}` from the environment; an API value is taken literally (it must not
 * read OPT's environment), so every `${` becomes the parser's literal form `$${`.
 */
function escapeReferences(value: unknown): unknown {
  // A function replacement: in a replacement string, `$$` itself means one `$`.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${');
  if (Array.isArray(value)) return value.map(escapeReferences);
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeReferences(item)]));
  }
  return value;
}
