import { anthropicAdapter } from './anthropic/anthropic-adapter.js';
import { geminiAdapter } from './gemini/gemini-adapter.js';
import { openAiCompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';
import type { ProviderAdapter } from './provider-adapter.js';

/** Every adapter OPT ships, by the `provider` name used in configuration. */
const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map([
  [openAiCompatibleAdapter.kind, openAiCompatibleAdapter],
  [anthropicAdapter.kind, anthropicAdapter],
  [geminiAdapter.kind, geminiAdapter],
]);

export function findProviderAdapter(kind: string): ProviderAdapter | undefined {
  return ADAPTERS.get(kind);
}

export function listProviderKinds(): string[] {
  return [...ADAPTERS.keys()];
}
