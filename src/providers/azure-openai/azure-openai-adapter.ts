import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { createOpenAiCompatibleAdapter } from '../openai-compatible/create-openai-compatible-adapter.js';
import { OPENAI_QUIRKS } from '../openai-compatible/openai-compatible-quirks.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { toAzureHttpError } from './azure-openai-error.js';
import { toAzureRoute } from './azure-openai-route.js';

/**
 * Azure OpenAI: OpenAI's protocol behind a different URL and auth (see azure-openai-route.ts).
 * `stream_options.include_usage` is GA since 2024-10-21; `finish_reason: content_filter` is OpenAI's own.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference
 */
export const azureOpenAiAdapter: ProviderAdapter = createOpenAiCompatibleAdapter({
  kind: 'azure-openai',
  quirks: OPENAI_QUIRKS,
  route: toAzureRoute,
  toHttpError: toAzureHttpError,
  skipChunk: isPromptFilterChunk,
});

/**
 * Azure's first streamed chunk often has `choices: []` and only `prompt_filter_results` (Azure's
 * moderation of the prompt): nothing an OpenAI client can use, and clients that read `choices[0]` of
 * every chunk trip over it. The usage chunk (also `choices: []`) carries `usage` and is kept.
 */
function isPromptFilterChunk(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.length === 0 && !chunk.usage;
}
