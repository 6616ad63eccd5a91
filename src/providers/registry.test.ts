import { describe, expect, it } from 'vitest';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible-presets.js';
import { findPresetBaseUrl, findProviderAdapter, listProviderKinds } from './registry.js';

describe('provider registry', () => {
  it('lists the protocols, then one adapter per preset, each found by its name', () => {
    const kinds = listProviderKinds();
    expect(kinds.slice(0, 4)).toEqual(['openai-compatible', 'azure-openai', 'anthropic', 'gemini']);
    expect(kinds.slice(4)).toEqual([...OPENAI_COMPATIBLE_PRESETS.keys()]);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(findProviderAdapter(kind)?.kind).toBe(kind);
    expect(findProviderAdapter('bedrock')).toBeUndefined();
  });

  it('knows the base URLs of presets only', () => {
    expect(findPresetBaseUrl('groq')).toBe('https://api.groq.com/openai/v1');
    expect(findPresetBaseUrl('ollama')).toBe('http://localhost:11434/v1');
    expect(findPresetBaseUrl('azure-openai')).toBeNull();
    expect(findPresetBaseUrl('openai-compatible')).toBeNull();
  });
});
