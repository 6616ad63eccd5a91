import { readFileSync } from 'node:fs';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { UpstreamError } from '../../api/gateway-error.js';
import { parseErrorBody, toUpstreamHttpError, toUpstreamTransportError } from './parse-upstream-error.js';

const FIXTURES = new URL('../openai-compatible/__fixtures__/', import.meta.url);
const UPSTREAM_KEY = 'sk-upstream-Q7w8E9r0T1y2U3i4O5p6';

const target = createUpstreamTarget({ apiKey: UPSTREAM_KEY });

function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('parseErrorBody', () => {
  it('reads the OpenAI error envelope', () => {
    expect(parseErrorBody(readFixture('openai-error-context-length.json'))).toEqual({
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
    });
  });

  it('reads a bare {error: "..."} body', () => {
    expect(parseErrorBody('{"error":"Model qwen3:8b not found, try pulling it first"}')).toEqual({
      message: 'Model qwen3:8b not found, try pulling it first',
      type: null,
      code: null,
      param: null,
    });
  });

  it('reads the DashScope {code, message} body', () => {
    expect(parseErrorBody(readFixture('dashscope-error-invalid-api-key.json'))).toEqual({
      message: 'Invalid API-key provided.',
      type: null,
      code: 'InvalidApiKey',
      param: null,
    });
  });

  it('reads a `msg` field when there is no `message`', () => {
    expect(parseErrorBody('{"code":"1113","msg":"余额不足或无可用资源包,请充值。"}')).toMatchObject({
      message: '余额不足或无可用资源包,请充值。',
      code: '1113',
    });
  });

  it('turns numeric codes into strings', () => {
    expect(parseErrorBody('{"error":{"code":400,"message":"Invalid JSON payload received."}}')).toEqual({
      message: 'Invalid JSON payload received.',
      type: null,
      code: '400',
      param: null,
    });
    expect(parseErrorBody('{"code":10001,"message":"rate limited"}').code).toBe('10001');
  });

  it('keeps plain text and HTML bodies as the message, cut to 1000 characters', () => {
    expect(parseErrorBody('upstream connect error or disconnect/reset before headers')).toEqual({
      message: 'upstream connect error or disconnect/reset before headers',
      type: null,
      code: null,
      param: null,
    });
    const html = readFixture('gateway-502.html');
    expect(parseErrorBody(html).message).toBe(html);
    expect(parseErrorBody('x'.repeat(5_000)).message).toHaveLength(1_000);
  });

  it('finds nothing in empty bodies and JSON that is not an object', () => {
    const empty = { message: null, type: null, code: null, param: null };
    for (const body of ['', 'null', '42', '"just a string"', 'true', '{}', '{"error":{}}']) {
      expect(parseErrorBody(body)).toEqual(empty);
    }
  });
});

describe('toUpstreamHttpError for 4xx', () => {
  it('relays status, type, code, param and message', () => {
    const body = readFixture('openai-error-context-length.json');
    const error = toUpstreamHttpError(400, body, null, target);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.retryable).toBe(false);
    expect(error.headers).toBeUndefined();
    expect(error.toEnvelope()).toEqual({
      error: {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    });
    expect(error.details).toEqual({
      provider: 'openai-compatible',
      channel: 'openai-main',
      upstreamStatus: 400,
      rawBody: body,
    });
  });

  it('relays an upstream 401 with its own code', () => {
    const error = toUpstreamHttpError(401, readFixture('openai-error-invalid-api-key.json'), null, target);
    expect(error.status).toBe(401);
    expect(error.wireType).toBe('invalid_request_error');
    expect(error.wireCode).toBe('invalid_api_key');
    expect(error.message).toContain('Incorrect API key provided');
  });

  it('keeps retry-after on a 429 and relays its type and code', () => {
    const error = toUpstreamHttpError(429, readFixture('openai-error-rate-limit.json'), '1', target);
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers).toEqual({ 'retry-after': '1' });
    expect(error.wireType).toBe('tokens');
    expect(error.wireCode).toBe('rate_limit_exceeded');
    expect(error.message).toMatch(/^Rate limit reached for gpt-4o-mini/);
  });

  it('defaults the wire type when the body has none', () => {
    expect(toUpstreamHttpError(429, '', null, target).wireType).toBe('requests');
    const notFound = toUpstreamHttpError(404, '{"error":"model not found"}', null, target);
    expect(notFound.wireType).toBe('invalid_request_error');
    expect(notFound.message).toBe('model not found');
  });

  it('names the HTTP status when the body says nothing', () => {
    expect(toUpstreamHttpError(400, '', null, target).message).toBe('HTTP 400');
  });

  it('masks a key echoed back in the message', () => {
    const body = JSON.stringify({ error: { message: `Key ${UPSTREAM_KEY} is disabled`, type: 'auth' } });
    const error = toUpstreamHttpError(403, body, null, target);
    expect(error.message).toBe('Key sk-...O5p6 is disabled');
    expect(JSON.stringify(error.toEnvelope())).not.toContain(UPSTREAM_KEY);
  });

  it('cuts long messages to 1000 characters', () => {
    const error = toUpstreamHttpError(
      400,
      JSON.stringify({ error: { message: 'y'.repeat(4_000) } }),
      null,
      target,
    );
    expect(error.message).toHaveLength(1_000);
  });
});

describe('toUpstreamHttpError for 5xx', () => {
  it.each([
    [500, 502, 'upstream_error'],
    [502, 502, 'upstream_error'],
    [503, 503, 'upstream_unavailable'],
    [504, 504, 'upstream_timeout'],
  ] as const)('maps upstream %i to %i %s', (upstreamStatus, status, code) => {
    const error = toUpstreamHttpError(upstreamStatus, readFixture('openai-error-server.json'), null, target);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(true);
    expect(error.wireType).toBe('server_error');
    expect(error.details.upstreamStatus).toBe(upstreamStatus);
    expect(error.message).toBe(
      `Upstream channel 'openai-main' failed with HTTP ${upstreamStatus}: The server had an error while processing your request. Sorry about that!`,
    );
  });

  it('names the channel, never the key or the URL', () => {
    const body = `upstream auth failed for Bearer ${UPSTREAM_KEY} at https://user:pw@api.openai.com/v1`;
    const error = toUpstreamHttpError(500, body, null, target);
    expect(error.message).toContain("'openai-main'");
    expect(error.message).not.toContain(UPSTREAM_KEY);
    expect(error.message).not.toContain('user:pw');
    expect(error.details.rawBody).toBe(body);
  });

  it('reads an HTML error page from a proxy in front of the upstream', () => {
    const error = toUpstreamHttpError(502, readFixture('gateway-502.html'), null, target);
    expect(error.status).toBe(502);
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('keeps retry-after on a 503', () => {
    expect(toUpstreamHttpError(503, '', '30', target).headers).toEqual({ 'retry-after': '30' });
  });
});

describe('toUpstreamTransportError', () => {
  const live = new AbortController().signal;

  it('reports a refused connection without the address', () => {
    const cause = nodeError('connect ECONNREFUSED 10.0.0.7:8000', 'ECONNREFUSED');
    const error = toUpstreamTransportError(cause, target, live);
    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("Upstream channel 'openai-main' could not be reached: connection refused.");
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({
      provider: 'openai-compatible',
      channel: 'openai-main',
      upstreamStatus: null,
    });
  });

  it('finds the code on a wrapped cause', () => {
    const wrapped = new TypeError('fetch failed', {
      cause: nodeError('getaddrinfo ENOTFOUND x', 'ENOTFOUND'),
    });
    expect(toUpstreamTransportError(wrapped, target, live).message).toBe(
      "Upstream channel 'openai-main' could not be reached: host not found.",
    );
  });

  it.each([
    ['ECONNRESET', 'connection reset'],
    ['UND_ERR_SOCKET', 'connection reset'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['EPIPE', 'transport error EPIPE'],
  ])('describes %s as %s', (code, reason) => {
    expect(toUpstreamTransportError(nodeError('boom', code), target, live).message).toBe(
      `Upstream channel 'openai-main' could not be reached: ${reason}.`,
    );
  });

  it('says the connection failed when there is no code', () => {
    expect(toUpstreamTransportError(new Error('other side hung up'), target, live).message).toBe(
      "Upstream channel 'openai-main' could not be reached: the connection failed.",
    );
  });

  it.each([
    [new errors.ConnectTimeoutError(), 'connecting'],
    [new errors.HeadersTimeoutError(), 'waiting for the response to start'],
    [new errors.BodyTimeoutError(), 'waiting for the next part of the response'],
  ])('turns undici %s into a 504 upstream_timeout', (cause, phase) => {
    const error = toUpstreamTransportError(cause, target, live);
    expect(error.code).toBe('upstream_timeout');
    expect(error.status).toBe(504);
    expect(error.message).toBe(`Upstream channel 'openai-main' timed out ${phase}.`);
  });

  it('reports the total deadline when the signal was aborted with a TimeoutError', () => {
    const controller = new AbortController();
    controller.abort(new DOMException('Total deadline exceeded', 'TimeoutError'));
    const error = toUpstreamTransportError(new errors.RequestAbortedError(), target, controller.signal);
    expect(error.code).toBe('upstream_timeout');
    expect(error.status).toBe(504);
    expect(error.message).toBe("Upstream channel 'openai-main' exceeded its total time limit.");
  });

  it('reports a cancellation when the signal was aborted for another reason', () => {
    const controller = new AbortController();
    controller.abort();
    const error = toUpstreamTransportError(new errors.RequestAbortedError(), target, controller.signal);
    expect(error.code).toBe('client_closed_request');
    expect(error.status).toBe(499);
    // Even a timeout code loses to the abort: the client is gone, nobody waits for the answer.
    const timedOut = toUpstreamTransportError(new errors.BodyTimeoutError(), target, controller.signal);
    expect(timedOut.code).toBe('client_closed_request');
  });

  it('passes an UpstreamError through unchanged', () => {
    const original = toUpstreamHttpError(500, '', null, target);
    const aborted = new AbortController();
    aborted.abort();
    expect(toUpstreamTransportError(original, target, live)).toBe(original);
    expect(toUpstreamTransportError(original, target, aborted.signal)).toBe(original);
  });
});
