import type { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamTarget } from '../provider-adapter.js';
import { toUpstreamHttpError } from '../shared/parse-upstream-error.js';

/**
 * Gemini error body `{error: {code: 400, message, status: "INVALID_ARGUMENT"}}` → UpstreamError in
 * OpenAI shape: the message is kept and the gRPC-style `status` becomes the wire `code`.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function toGeminiHttpError(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  target: UpstreamTarget,
): UpstreamError {
  const error = toUpstreamHttpError(status, normalize(bodyText), retryAfter, target);
  error.details.rawBody = bodyText;
  return error;
}

function normalize(bodyText: string): string {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return bodyText;
  }
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof inner !== 'object' || inner === null) return bodyText;
  const record = inner as Record<string, unknown>;
  return JSON.stringify({
    error: {
      message: typeof record.message === 'string' ? record.message : null,
      code: typeof record.status === 'string' ? record.status.toLowerCase() : null,
    },
  });
}
