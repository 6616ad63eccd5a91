import { anthropicAdapter } from './anthropic/anthropic-adapter.js';
import { azureOpenAiAdapter } from './azure-openai/azure-openai-adapter.js';
import { geminiAdapter } from './gemini/gemini-adapter.js';
import { openAiCompatibleAdapter, presetAdapters } from './openai-compatible/openai-compatible-adapter.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible-presets.js';
import type { ProviderAdapter } from './provider-adapter.js';

/**
 * Every adapter OPT ships, by the `provider` name used in configuration: one per protocol, then one per
 * OpenAI-compatible vendor preset (the same adapter with that vendor's quirks).
 */
const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map(
  [openAiCompatibleAdapter, azureOpenAiAdapter, anthropicAdapter, geminiAdapter, ...presetAdapters].map(
    (adapter) => [adapter.kind, adapter],
  ),
);

export function findProviderAdapter(kind: string): ProviderAdapter | undefined {
  return ADAPTERS.get(kind);
}

/** Every valid `provider` value, protocols first, then presets. */
export function listProviderKinds(): string[] {
  return [...ADAPTERS.keys()];
}

/** A preset's default base URL (`provider: deepseek` without `base_url`); null for the others. */
export function findPresetBaseUrl(kind: string): string | null {
  return OPENAI_COMPATIBLE_PRESETS.get(kind)?.baseUrl ?? null;
}
