import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamTarget } from '../provider-adapter.js';
import { maskSecrets } from '../shared/mask-secrets.js';
import { toUpstreamHttpError } from '../shared/parse-upstream-error.js';

/**
 * Upstream error body `{type:'error', error:{type, message}}` → UpstreamError. The shared parser
 * reads that shape already; Anthropic's own 529 "overloaded" is relayed as 503 (unavailable) so
 * the gateway treats it as the transient capacity problem it is.
 */
export function toAnthropicHttpError(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  target: UpstreamTarget,
): UpstreamError {
  return toUpstreamHttpError(status === 529 ? 503 : status, bodyText, retryAfter, target);
}

/**
 * An `event: error` mid-stream (e.g. `overloaded_error`): the answer is incomplete, whatever was
 * sent before it. Overload reads as unavailable; any other type as a plain upstream failure.
 * @see https://docs.anthropic.com/en/api/messages-streaming#error-events
 */
export function toAnthropicStreamError(
  error: { type?: string | null; message?: string | null } | null | undefined,
  target: UpstreamTarget,
): UpstreamError {
  const type = error?.type ?? 'api_error';
  const message = maskSecrets((error?.message ?? type).slice(0, 1_000));
  return new UpstreamError(
    type === 'overloaded_error' ? 'upstream_unavailable' : 'upstream_error',
    `Upstream channel '${target.channel}' reported an error mid-stream: ${message}`,
    {
      provider: target.provider,
      channel: target.channel,
      upstreamStatus: 200,
      rawBody: JSON.stringify(error),
    },
  );
}
