import { describe, expect, it } from 'vitest';
import { configErrorMessage, useOptYamlLoader } from '../../test/support/opt-yaml.js';
import { OPENAI_COMPATIBLE_PRESETS } from '../providers/openai-compatible/openai-compatible-presets.js';
import { SUPPORTED_PROVIDERS } from './channel-schema.js';

const loadYaml = useOptYamlLoader();

function channelYaml(lines: string): string {
  return `channels:\n  - name: c1\n    models: [m1]\n${lines}`;
}

describe('channel providers', () => {
  it('lists every registry adapter and every preset as a provider', () => {
    expect(SUPPORTED_PROVIDERS.slice(0, 4)).toEqual([
      'openai-compatible',
      'azure-openai',
      'anthropic',
      'gemini',
    ]);
    expect(SUPPORTED_PROVIDERS.slice(4)).toEqual([...OPENAI_COMPATIBLE_PRESETS.keys()]);
    expect(SUPPORTED_PROVIDERS).toEqual(expect.arrayContaining(['deepseek', 'openrouter', 'groq', 'vllm']));
  });

  it("takes a preset's base URL when the channel gives none, and an explicit one over it", () => {
    const [preset] = loadYaml(channelYaml('    provider: deepseek\n')).channels;
    expect(preset).toMatchObject({ provider: 'deepseek', baseUrl: 'https://api.deepseek.com' });
    expect(preset).not.toHaveProperty('apiVersion');
    const [local] = loadYaml(
      channelYaml('    provider: vllm\n    base_url: http://gpu-box:8000/v1/\n'),
    ).channels;
    expect(local).toMatchObject({ provider: 'vllm', baseUrl: 'http://gpu-box:8000/v1' });
  });

  it('still requires base_url for providers without a preset', () => {
    expect(configErrorMessage(() => loadYaml(channelYaml('    provider: azure-openai\n')))).toContain(
      'channels[0].base_url',
    );
  });

  it('gives azure-openai channels the GA api_version by default and validates a given one', () => {
    const base = '    provider: azure-openai\n    base_url: https://res.openai.azure.com\n';
    expect(loadYaml(channelYaml(base)).channels[0]).toMatchObject({ apiVersion: '2024-10-21' });
    expect(loadYaml(channelYaml(`${base}    api_version: v1\n`)).channels[0]).toMatchObject({
      apiVersion: 'v1',
    });
    expect(loadYaml(channelYaml(`${base}    api_version: 2025-04-01-preview\n`)).channels[0]).toMatchObject({
      apiVersion: '2025-04-01-preview',
    });
    expect(configErrorMessage(() => loadYaml(channelYaml(`${base}    api_version: latest\n`)))).toBe(
      'opt.yaml: channels[0].api_version: expected a dated version such as 2024-10-21 (or -preview) or v1, got "latest"',
    );
  });

  it('refuses api_version on other providers', () => {
    expect(
      configErrorMessage(() => loadYaml(channelYaml('    provider: deepseek\n    api_version: v1\n'))),
    ).toBe('opt.yaml: channels[0].api_version: is only for provider azure-openai');
  });
});
