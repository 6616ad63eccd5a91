import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall, UpstreamTarget } from '../provider-adapter.js';
import { toUpstreamHttpError, toUpstreamTransportError } from './parse-upstream-error.js';
import { sendUpstreamRequest, type UpstreamResponse } from './upstream-exchange.js';

/** Error bodies past this size are cut: they only feed a message and a log line. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Turns a non-2xx upstream answer into an UpstreamError (a vendor may remap statuses or bodies first). */
export type HttpErrorMapper = (
  status: number,
  bodyText: string,
  retryAfter: string | null,
  target: UpstreamTarget,
) => UpstreamError;

export interface ProviderRequest {
  /** Path after the origin, e.g. `${basePath}/chat/completions`. */
  path: string;
  /** The adapter's own headers (auth, version); the channel's headers go first and may be overridden. */
  headers: Record<string, string>;
  body: string;
  accept: string;
}

/**
 * One POST to the channel's upstream with its first-byte and idle timeouts: a 2xx response is returned,
 * anything else becomes an UpstreamError (transport failures included), shared by every adapter.
 */
export async function sendProviderRequest(
  call: UpstreamCall,
  request: ProviderRequest,
  toHttpError: HttpErrorMapper = toUpstreamHttpError,
): Promise<UpstreamResponse> {
  const { target } = call;
  let response: UpstreamResponse;
  try {
    response = await sendUpstreamRequest(call.http, {
      origin: target.origin,
      path: request.path,
      headers: {
        ...target.headers,
        'content-type': 'application/json',
        accept: request.accept,
        ...request.headers,
      },
      body: request.body,
      signal: call.signal,
      headersTimeout: target.firstByteMs,
      bodyTimeout: target.idleMs,
    });
  } catch (error) {
    throw toUpstreamTransportError(error, target, call.signal);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  const text = await response.text(MAX_ERROR_BODY_BYTES).catch(() => '');
  const retryAfter = response.headers['retry-after'];
  throw toHttpError(response.statusCode, text, typeof retryAfter === 'string' ? retryAfter : null, target);
}

/** A 200 whose body is not what the protocol promises. */
export function invalidUpstreamBody(call: UpstreamCall, what: string): UpstreamError {
  return new UpstreamError('upstream_error', `Upstream channel '${call.target.channel}' returned ${what}.`, {
    provider: call.target.provider,
    channel: call.target.channel,
    upstreamStatus: 200,
  });
}

/**
 * Reads a whole JSON answer: its text (relayed as it came where nothing changes it) and its parsed value.
 * A body cut off mid-read is a transport failure; one that is not JSON, an upstream error.
 */
export async function readJsonBody(
  response: UpstreamResponse,
  call: UpstreamCall,
): Promise<{ text: string; value: unknown }> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw toUpstreamTransportError(error, call.target, call.signal);
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw invalidUpstreamBody(call, 'an invalid JSON body');
  }
}
