import type { OpenAiCompatibleRoute } from '../openai-compatible/create-openai-compatible-adapter.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { AZURE_V1_API_VERSION, DEFAULT_AZURE_API_VERSION } from './azure-openai-api-version.js';

/**
 * Azure OpenAI's URL and auth. The channel's base URL is the resource endpoint
 * (https://{resource}.openai.azure.com) and the upstream model is the deployment name; the key goes in
 * `api-key`. Dated versions address the deployment in the path, `v1` names it as `model` in the body.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#chat-completions
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/latest
 */
export function toAzureRoute(call: UpstreamCall): OpenAiCompatibleRoute {
  const { target } = call;
  const headers: Record<string, string> = {};
  if (target.apiKey) headers['api-key'] = target.apiKey;
  const apiVersion = target.apiVersion ?? DEFAULT_AZURE_API_VERSION;
  if (apiVersion === AZURE_V1_API_VERSION) {
    return { path: `${target.basePath}/openai/v1/chat/completions`, headers };
  }
  const deployment = encodeURIComponent(target.upstreamModel);
  return {
    path: `${target.basePath}/openai/deployments/${deployment}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`,
    headers,
  };
}
