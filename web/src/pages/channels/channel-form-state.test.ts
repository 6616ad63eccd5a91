import { describe, expect, it } from 'vitest';
import {
  channelFormFrom,
  emptyChannelForm,
  fieldOfParam,
  newPair,
  toChannelBody,
} from './channel-form-state';
import type { ChannelView, ProviderView } from './channel-types';

const OPENAI: ProviderView = {
  object: 'provider',
  id: 'openai-compatible',
  default_base_url: null,
  api_version: null,
};
const DEEPSEEK: ProviderView = {
  object: 'provider',
  id: 'deepseek',
  default_base_url: 'https://api.deepseek.com',
  api_version: null,
};
const AZURE: ProviderView = {
  object: 'provider',
  id: 'azure-openai',
  default_base_url: null,
  api_version: { default: '2024-10-21' },
};

const STORED: ChannelView = {
  id: 'ch_1',
  object: 'channel',
  name: 'main',
  status: 'active',
  provider: 'openai-compatible',
  base_url: 'https://api.example.com/v1',
  api_version: null,
  api_keys: ['sk-...abcd'],
  key_count: 1,
  models: ['gpt-a', 'gpt-b'],
  model_map: { 'gpt-a': 'upstream-a' },
  header_names: ['X-Org'],
  priority: 2,
  weight: 3,
  timeouts: { connect_ms: 10_000, first_byte_ms: 300_000, idle_ms: 120_000, total_ms: 900_000 },
  max_connections: 256,
  source: 'api',
  disabled_at: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('channel form → admin API body', () => {
  it('sends what a create needs and leaves defaults out', () => {
    const form = {
      ...emptyChannelForm(),
      name: ' new ',
      baseUrl: 'http://127.0.0.1:9/v1',
      keys: [newPair('', ' sk-one '), newPair('', ''), newPair('', 'sk-two')],
      models: ['m1'],
      headers: [newPair('X-Org', 'secret'), newPair(' ', 'ignored')],
    };
    expect(toChannelBody(form, OPENAI, false)).toEqual({
      name: 'new',
      provider: 'openai-compatible',
      base_url: 'http://127.0.0.1:9/v1',
      models: ['m1'],
      model_map: {},
      timeouts: {},
      api_keys: ['sk-one', 'sk-two'],
      headers: { 'X-Org': 'secret' },
    });
  });

  it('lets a preset fill its base URL in and sends api_version only to azure-openai', () => {
    const preset = { ...emptyChannelForm('deepseek'), name: 'ds', models: ['deepseek-chat'] };
    expect(toChannelBody(preset, DEEPSEEK, false)).not.toHaveProperty('base_url');
    const azure = { ...emptyChannelForm('azure-openai', 'https://x.openai.azure.com'), apiVersion: 'v1' };
    expect(toChannelBody(azure, AZURE, false)).toMatchObject({ api_version: 'v1' });
    expect(toChannelBody({ ...azure, provider: 'openai-compatible' }, OPENAI, false)).not.toHaveProperty(
      'api_version',
    );
  });

  it('keeps stored keys and headers on an edit unless they are replaced, and nulls cleared fields', () => {
    const form = channelFormFrom(STORED);
    expect(form.replaceKeys).toBe(false);
    const body = toChannelBody({ ...form, weight: null, maxConnections: 64 }, OPENAI, true);
    expect(body).not.toHaveProperty('api_keys');
    expect(body).not.toHaveProperty('headers');
    expect(body).toMatchObject({
      name: 'main',
      model_map: { 'gpt-a': 'upstream-a' },
      priority: 2,
      weight: null,
      max_connections: 64,
      api_version: null,
    });
    const replaced = toChannelBody(
      { ...form, replaceKeys: true, keys: [newPair('', 'sk-new')], replaceHeaders: true },
      OPENAI,
      true,
    );
    expect(replaced).toMatchObject({ api_keys: ['sk-new'], headers: {} });
  });

  it('forces new credentials when the stored ones cannot be opened', () => {
    const form = channelFormFrom({ ...STORED, credentials_error: 'sealed with another key' });
    expect(form.replaceKeys).toBe(true);
    expect(form.replaceHeaders).toBe(true);
  });
});

describe('fieldOfParam', () => {
  it.each([
    ['base_url', 'base_url'],
    ['api_key', 'api_keys'],
    ['api_keys[2]', 'api_keys'],
    ['models[0]', 'models'],
    ['model_map.gpt-a', 'model_map'],
    ['headers.X-Org', 'headers'],
    ['timeouts.connect_ms', 'timeouts.connect_ms'],
    ['timeouts', 'timeouts'],
    ['id', null],
    [null, null],
  ])('%s → %s', (param, field) => {
    expect(fieldOfParam(param)).toBe(field);
  });
});
