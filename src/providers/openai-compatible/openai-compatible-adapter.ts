import type { ProviderAdapter } from '../provider-adapter.js';
import { createOpenAiCompatibleAdapter, toBearerRoute } from './create-openai-compatible-adapter.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.js';
import { OPENAI_QUIRKS } from './openai-compatible-quirks.js';

/**
 * Any upstream that speaks OpenAI Chat Completions as OpenAI does (OpenAI, LiteLLM, llama.cpp, …): the
 * request is forwarded as validated, unknown fields included, with only `model` rewritten.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const openAiCompatibleAdapter: ProviderAdapter = createOpenAiCompatibleAdapter({
  kind: 'openai-compatible',
  quirks: OPENAI_QUIRKS,
  route: toBearerRoute,
});

/** One adapter per vendor preset (`provider: deepseek`, …): the same adapter with the preset's quirks. */
export const presetAdapters: readonly ProviderAdapter[] = [...OPENAI_COMPATIBLE_PRESETS.values()].map(
  (preset) =>
    createOpenAiCompatibleAdapter({ kind: preset.name, quirks: preset.quirks, route: toBearerRoute }),
);
