/**
 * The latest GA data-plane version of the dated Azure OpenAI API, used when a channel names none.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/api-version-lifecycle
 */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** The version-less v1 API: `/openai/v1/chat/completions` with the deployment as `model`. */
export const AZURE_V1_API_VERSION = 'v1';

/** A dated version (`2024-10-21`, `2025-04-01-preview`) or `v1`. */
const API_VERSION_PATTERN = /^(?:\d{4}-\d{2}-\d{2}(?:-preview)?|v1)$/;

export function isAzureApiVersion(value: string): boolean {
  return API_VERSION_PATTERN.test(value);
}
