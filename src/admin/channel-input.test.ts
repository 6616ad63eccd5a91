// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the ${...} strings are references that must be taken literally.
import { describe, expect, it } from 'vitest';
import { buildConfigChannel } from '../../test/support/channel-runtime.js';
import type { GatewayError } from '../api/gateway-error.js';
import { applyChannelBody, replacesCredentials } from './channel-input.js';

const BASE = { name: 'x', base_url: 'https://a.example/v1', models: ['gpt-a'] };

function refusal(current: Parameters<typeof applyChannelBody>[0], body: unknown): GatewayError {
  try {
    applyChannelBody(current, body);
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a refusal');
}

describe('applyChannelBody', () => {
  it.each([
    [{ base_url: 'https://a.example/v1', models: ['gpt-a'] }, 'name'],
    [{ name: 'x', models: ['gpt-a'] }, 'base_url'],
    [{ name: 'x', base_url: 'https://a.example/v1' }, 'models'],
    [{ ...BASE, name: 'bad name' }, 'name'],
    [{ ...BASE, base_url: 'ftp://a.example' }, 'base_url'],
    [{ ...BASE, base_url: 'https://u:p@a.example/v1' }, 'base_url'],
    [{ ...BASE, headers: { Host: 'h' } }, 'headers.Host'],
    [{ ...BASE, headers: { 'X-A': 'a\r\nX-B: b' } }, 'headers.X-A'],
    [{ ...BASE, models: ['a b'] }, 'models[0]'],
    [{ ...BASE, models: [] }, 'models'],
    [{ ...BASE, model_map: { z: 'y' } }, 'model_map.z'],
    [{ ...BASE, api_key: 'k', api_keys: ['j'] }, 'api_keys'],
    [{ ...BASE, api_key: '' }, 'api_key'],
    [{ ...BASE, api_keys: ['k', 'k'] }, 'api_keys[1]'],
    [{ ...BASE, api_keys: ['sk-...0001'] }, 'api_keys[0]'],
    [{ ...BASE, api_key: '***' }, 'api_key'],
    [{ ...BASE, weight: 0 }, 'weight'],
    [{ ...BASE, priority: 1001 }, 'priority'],
    [{ ...BASE, provider: 'bedrock' }, 'provider'],
    [{ ...BASE, timeouts: { x_ms: 1 } }, 'timeouts'],
    [{ ...BASE, timeouts: { idle_ms: 0 } }, 'timeouts.idle_ms'],
    [{ ...BASE, max_connections: 70_000 }, 'max_connections'],
    [{ ...BASE, secret: 1 }, 'secret'],
  ])('refuses %j naming %s', (body, param) => {
    expect(refusal(null, body)).toMatchObject({ status: 400, param });
  });

  it('takes vendor presets with their default base URL, and azure-openai with its api_version', () => {
    const preset = applyChannelBody(null, { name: 'ds', provider: 'deepseek', models: ['deepseek-chat'] });
    expect(preset).toMatchObject({ provider: 'deepseek', baseUrl: 'https://api.deepseek.com' });
    const azure = applyChannelBody(null, {
      ...BASE,
      provider: 'azure-openai',
      base_url: 'https://res.openai.azure.com',
      api_version: 'v1',
    });
    expect(azure).toMatchObject({ provider: 'azure-openai', apiVersion: 'v1' });
    expect(applyChannelBody(azure, { weight: 2 })).toMatchObject({ apiVersion: 'v1', weight: 2 });
    expect(refusal(null, { ...BASE, provider: 'azure-openai', api_version: '2024' })).toMatchObject({
      status: 400,
      param: 'api_version',
    });
    expect(refusal(preset, { api_version: 'v1' })).toMatchObject({ status: 400, param: 'api_version' });
  });

  it("drops the old provider's defaults when a PATCH changes the provider", () => {
    const preset = applyChannelBody(null, { name: 'p', provider: 'deepseek', models: ['m'] });
    expect(applyChannelBody(preset, { provider: 'groq' })).toMatchObject({
      provider: 'groq',
      baseUrl: 'https://api.groq.com/openai/v1',
    });
    const custom = applyChannelBody(null, { ...BASE, provider: 'deepseek' });
    expect(applyChannelBody(custom, { provider: 'groq' }).baseUrl).toBe('https://a.example/v1');
    const azure = applyChannelBody(null, { ...BASE, provider: 'azure-openai', api_version: 'v1' });
    const moved = applyChannelBody(azure, { provider: 'openai-compatible' });
    expect(moved.provider).toBe('openai-compatible');
    expect(moved).not.toHaveProperty('apiVersion');
  });

  it('never echoes a key in a refusal', () => {
    const error = refusal(null, { ...BASE, api_keys: ['sk-secret-value-1', 'sk-secret-value-1'] });
    expect(error.message).not.toContain('sk-secret-value-1');
  });

  it('takes ${...} literally in every field instead of reading the environment', () => {
    const channel = applyChannelBody(null, {
      ...BASE,
      base_url: 'https://a.example/v1?x=${HOME}',
      api_keys: ['${HOME}', '$${X}', 'a$b'],
      headers: { 'X-Token': '${PATH:-x}' },
    });
    expect(channel.apiKeys).toEqual(['${HOME}', '$${X}', 'a$b']);
    expect(channel.headers).toEqual({ 'X-Token': '${PATH:-x}' });
    expect(channel.baseUrl).toBe('https://a.example/v1?x=${HOME}');
  });

  it('patches: absent keeps, null resets to the default, timeouts merge, lists replace', () => {
    const current = buildConfigChannel('main', {
      headers: { 'X-Org': 'o' },
      modelMap: { 'gpt-a': 'up-a' },
      priority: 4,
      timeouts: { connectMs: 1, firstByteMs: 2, idleMs: 3, totalMs: 4 },
    });
    expect(applyChannelBody(current, {})).toEqual(current);
    expect(
      applyChannelBody(current, {
        headers: null,
        priority: null,
        timeouts: { idle_ms: 30, total_ms: null },
        models: ['gpt-a', 'gpt-b'],
        api_key: 'sk-only-one',
      }),
    ).toEqual({
      ...current,
      headers: {},
      priority: 0,
      timeouts: { connectMs: 1, firstByteMs: 2, idleMs: 30, totalMs: 900_000 },
      models: ['gpt-a', 'gpt-b'],
      apiKeys: ['sk-only-one'],
    });
    expect(applyChannelBody(current, { api_keys: null }).apiKeys).toEqual([]);
    expect(applyChannelBody(current, { timeouts: null }).timeouts.connectMs).toBe(10_000);
    expect(refusal(current, { base_url: null })).toMatchObject({ param: 'base_url' });
  });

  it('says whether a body replaces both kinds of credential', () => {
    expect(replacesCredentials({ api_keys: [], headers: null })).toBe(true);
    expect(replacesCredentials({ api_key: 'k' })).toBe(false);
    expect(replacesCredentials('x')).toBe(false);
  });
});
