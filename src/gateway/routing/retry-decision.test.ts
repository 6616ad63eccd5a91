import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { GatewayError, UpstreamError } from '../../api/gateway-error.js';
import type { CallSignal } from '../../providers/provider-adapter.js';
import {
  toUpstreamHttpError,
  toUpstreamTransportError,
} from '../../providers/shared/parse-upstream-error.js';
import { isCredentialFailure, isRetryableUpstreamFailure, retryAfterMsOf } from './retry-decision.js';

const target = createUpstreamTarget();
const NOW_MS = Date.parse('2025-06-01T12:00:00Z');

function httpError(status: number, body = '', retryAfter: string | null = null): UpstreamError {
  return toUpstreamHttpError(status, body, retryAfter, target);
}

function signal(aborted: boolean, reason?: unknown): CallSignal {
  return { aborted, reason, addEventListener: () => {}, removeEventListener: () => {} };
}

function transportError(code: string): UpstreamError {
  return toUpstreamTransportError(Object.assign(new Error(code), { code }), target, signal(false));
}

function malformedResponse(): UpstreamError {
  return new UpstreamError(
    'upstream_error',
    "Upstream channel 'openai-main' returned an invalid JSON body.",
    {
      provider: target.provider,
      channel: target.channel,
      upstreamStatus: 200,
    },
  );
}

describe('isRetryableUpstreamFailure', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries an upstream %i', (status) => {
    expect(isRetryableUpstreamFailure(httpError(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422])('never retries an upstream %i', (status) => {
    expect(isRetryableUpstreamFailure(httpError(status))).toBe(false);
  });

  it('retries an upstream 429 that says the upstream account is out of quota (another key may work)', () => {
    const error = httpError(
      429,
      '{"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}}',
    );
    expect(isRetryableUpstreamFailure(error)).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT'])(
    'retries a transport failure %s',
    (code) => {
      expect(isRetryableUpstreamFailure(transportError(code))).toBe(true);
    },
  );

  it("retries OPT's own upstream timeout", () => {
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    const error = toUpstreamTransportError(new Error('aborted'), target, signal(true, timeout));
    expect(error.code).toBe('upstream_timeout');
    expect(isRetryableUpstreamFailure(error)).toBe(true);
    expect(isRetryableUpstreamFailure(new GatewayError('upstream_timeout', 'Timed out.'))).toBe(true);
  });

  it('retries a malformed upstream response', () => {
    expect(isRetryableUpstreamFailure(malformedResponse())).toBe(true);
  });

  it('never retries when the client went away', () => {
    const error = toUpstreamTransportError(
      new Error('aborted'),
      target,
      signal(true, new Error('client gone')),
    );
    expect(error.code).toBe('client_closed_request');
    expect(isRetryableUpstreamFailure(error)).toBe(false);
    expect(isRetryableUpstreamFailure(new GatewayError('client_closed_request', 'Gone.'))).toBe(false);
  });

  it("never retries OPT's own refusals", () => {
    for (const code of [
      'insufficient_quota',
      'local_rate_limit',
      'rate_limit_exceeded',
      'quota_unavailable',
      'shutting_down',
      'internal_error',
      'invalid_request',
      'model_not_found',
    ] as const) {
      expect(isRetryableUpstreamFailure(new GatewayError(code, 'Refused.')), code).toBe(false);
    }
  });

  it('follows an adapter that marks an error explicitly', () => {
    const details = { provider: 'x', channel: 'c', upstreamStatus: 400 };
    const overloaded = new UpstreamError('invalid_request', 'Overloaded.', details, {
      status: 400,
      retryable: true,
    });
    const final = new UpstreamError('upstream_error', 'Refused for good.', details, { retryable: false });
    expect(isRetryableUpstreamFailure(overloaded)).toBe(true);
    expect(isRetryableUpstreamFailure(final)).toBe(false);
  });

  it('retries a raw transport error that escaped an adapter, and nothing else raw', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(isRetryableUpstreamFailure(new TypeError('fetch failed', { cause: reset }))).toBe(true);
    expect(isRetryableUpstreamFailure(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isRetryableUpstreamFailure(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(
      isRetryableUpstreamFailure(new TypeError("Cannot read properties of undefined (reading 'x')")),
    ).toBe(false);
    expect(isRetryableUpstreamFailure('boom')).toBe(false);
    expect(isRetryableUpstreamFailure(null)).toBe(false);
  });
});

describe('isCredentialFailure', () => {
  it('is true for an upstream 401 or 403 only', () => {
    expect(isCredentialFailure(httpError(401))).toBe(true);
    expect(isCredentialFailure(httpError(403))).toBe(true);
    expect(isCredentialFailure(httpError(400))).toBe(false);
    expect(isCredentialFailure(httpError(429))).toBe(false);
    expect(isCredentialFailure(transportError('ECONNRESET'))).toBe(false);
  });

  it("is false for OPT's own 401 and 403", () => {
    expect(isCredentialFailure(new GatewayError('invalid_api_key', 'No.'))).toBe(false);
    expect(isCredentialFailure(new GatewayError('permission_denied', 'No.'))).toBe(false);
  });
});

describe('retryAfterMsOf', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMsOf(httpError(429, '', '20'), NOW_MS)).toBe(20_000);
    expect(retryAfterMsOf(httpError(503, '', '0'), NOW_MS)).toBe(0);
    expect(retryAfterMsOf(httpError(429, '', ' 1.5 '), NOW_MS)).toBe(1_500);
  });

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMsOf(httpError(429, '', 'Sun, 01 Jun 2025 12:00:30 GMT'), NOW_MS)).toBe(30_000);
    expect(retryAfterMsOf(httpError(429, '', 'Sun, 01 Jun 2025 11:59:00 GMT'), NOW_MS)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMsOf(httpError(429), NOW_MS)).toBeNull();
    expect(retryAfterMsOf(httpError(429, '', 'soon'), NOW_MS)).toBeNull();
    expect(retryAfterMsOf(httpError(429, '', '-5'), NOW_MS)).toBeNull();
    expect(retryAfterMsOf(new Error('plain'), NOW_MS)).toBeNull();
    expect(retryAfterMsOf(undefined, NOW_MS)).toBeNull();
  });

  it("reads OPT's own retry-after as well", () => {
    const error = new GatewayError('local_rate_limit', 'Slow down.', { headers: { 'retry-after': '3' } });
    expect(retryAfterMsOf(error, NOW_MS)).toBe(3_000);
  });
});
