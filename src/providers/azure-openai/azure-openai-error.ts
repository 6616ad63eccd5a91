import type { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamTarget } from '../provider-adapter.js';
import { parseErrorBody, toUpstreamHttpError } from '../shared/parse-upstream-error.js';

/**
 * Azure's own error codes → OpenAI's, so clients see what OpenAI would send. Content-filter refusals
 * (`content_filter`, param `prompt`) already use OpenAI's code and keep it.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#error-response
 */
const AZURE_CODES: Readonly<Record<string, string>> = {
  '401': 'invalid_api_key',
  '429': 'rate_limit_exceeded',
  DeploymentNotFound: 'model_not_found',
};

/** Azure's `{error:{code,message}}` (no `type`) as OpenAI's envelope, then the shared mapping. */
export function toAzureHttpError(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  target: UpstreamTarget,
): UpstreamError {
  const parsed = parseErrorBody(bodyText);
  if (parsed.code === null || parsed.message === null) {
    return toUpstreamHttpError(status, bodyText, retryAfter, target);
  }
  const code = AZURE_CODES[parsed.code] ?? parsed.code;
  const type = parsed.type ?? (status === 429 ? 'requests' : 'invalid_request_error');
  const openAiBody = JSON.stringify({ error: { message: parsed.message, type, param: parsed.param, code } });
  const error = toUpstreamHttpError(status, openAiBody, retryAfter, target);
  error.details.rawBody = bodyText;
  return error;
}
