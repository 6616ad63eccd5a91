import { describe, expect, it } from 'vitest';
import { UPSTREAM_KEY } from '../support/fake-openai-upstream.js';
import { type RawResponse, rawRequest } from '../support/raw-http.js';
import { CLIENT_KEY, fetchUsage, RESTRICTED_KEY, useTestOpt } from '../support/start-test-opt.js';

const harness = useTestOpt();

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return rawRequest(`${harness.opt.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
    body,
  });
}

function chat(body: Record<string, unknown>, key = CLIENT_KEY) {
  return post('/v1/chat/completions', JSON.stringify(body), { authorization: `Bearer ${key}` });
}

/** Every error: the status, the four-key envelope, a string-or-null code, and a request id. */
function expectEnvelope(response: RawResponse, status: number, expected: Record<string, unknown> = {}) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['x-request-id']).toMatch(/^req_/);
  const body = JSON.parse(response.text);
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.code === null || typeof body.error.code === 'string').toBe(true);
  expect(body.error).toMatchObject(expected);
  return body.error as { message: string; type: string; param: string | null; code: string | null };
}

const hello = { model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] };

describe('authentication', () => {
  it.each([
    ['no header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an unknown key', { authorization: 'Bearer sk-opt-unknown-key-000000000000' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 invalid_api_key for %s, before reading the body', async (_name, headers) => {
    const response = await rawRequest(`${harness.opt.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{not json',
    });
    expectEnvelope(response, 401, { code: 'invalid_api_key', type: 'invalid_request_error' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.text).not.toContain('sk-opt-unknown-key-000000000000');
  });

  it('protects GET /v1/models too', async () => {
    expectEnvelope(await rawRequest(`${harness.opt.url}/v1/models`), 401, { code: 'invalid_api_key' });
  });
});

describe('request validation', () => {
  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    expectEnvelope(await post('/v1/chat/completions', '{"model": '), 400, {
      type: 'invalid_request_error',
      param: null,
    });
    expectEnvelope(await post('/v1/chat/completions', '[1,2]'), 400, { param: null });
    expectEnvelope(await post('/v1/chat/completions', ''), 400);
  });

  it.each([
    [{ ...hello, temperature: 3 }, 'temperature'],
    [{ ...hello, top_p: 1.5 }, 'top_p'],
    [{ ...hello, n: 0 }, 'n'],
    [{ model: 'gpt-test', messages: [] }, 'messages'],
    [{ messages: hello.messages }, 'model'],
    [{ ...hello, stream_options: { include_usage: true } }, 'stream_options'],
    [{ ...hello, messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [
      {
        ...hello,
        tool_choice: { type: 'function', function: { name: 'nope' } },
        tools: [{ type: 'function', function: { name: 'a' } }],
      },
      'tool_choice',
    ],
    [{ ...hello, functions: [] }, 'functions'],
  ])('answers 400 naming the field: %j → %s', async (body, param) => {
    expectEnvelope(await chat(body), 400, { type: 'invalid_request_error', param });
  });

  it('accepts explicit nulls for optional fields, as SDKs send them', async () => {
    const response = await chat({ ...hello, temperature: null, max_tokens: null, tools: null, stop: null });
    expect(response.status, response.text).toBe(200);
  });

  it('answers 413 for a body over the limit', async () => {
    const huge = JSON.stringify({
      ...hello,
      messages: [{ role: 'user', content: 'x'.repeat(11 * 1024 * 1024) }],
    });
    expectEnvelope(await post('/v1/chat/completions', huge), 413, { type: 'invalid_request_error' });
  });
});

describe('models and routes', () => {
  it('answers 404 model_not_found naming an unknown model', async () => {
    const error = expectEnvelope(await chat({ ...hello, model: 'gpt-9' }), 404, {
      code: 'model_not_found',
      param: 'model',
    });
    expect(error.message).toContain('gpt-9');
  });

  it('answers 404 for a model the key may not use, and hides it from its model list', async () => {
    expectEnvelope(await chat({ ...hello, model: 'tools' }, RESTRICTED_KEY), 404, {
      code: 'model_not_found',
    });
    const list = await rawRequest(`${harness.opt.url}/v1/models`, {
      headers: { authorization: `Bearer ${RESTRICTED_KEY}` },
    });
    expect(JSON.parse(list.text).data.map((model: { id: string }) => model.id)).toEqual(['gpt-test']);
    const retrieve = await rawRequest(`${harness.opt.url}/v1/models/tools`, {
      headers: { authorization: `Bearer ${RESTRICTED_KEY}` },
    });
    expectEnvelope(retrieve, 404, { code: 'model_not_found' });
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    expectEnvelope(await rawRequest(`${harness.opt.url}/v1/nothing-here`), 404);
    const wrongMethod = await rawRequest(`${harness.opt.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${CLIENT_KEY}` },
    });
    expectEnvelope(wrongMethod, 405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('answers a malformed HTTP request with an envelope', async () => {
    const response = await rawRequest(`${harness.opt.url}/v1/models/%E0%A4%A`, {
      headers: { authorization: `Bearer ${CLIENT_KEY}` },
    });
    expect([400, 404]).toContain(response.status);
    expectEnvelope(response, response.status);
  });
});

describe('upstream failures', () => {
  it('relays an upstream 400 faithfully', async () => {
    const error = expectEnvelope(await chat({ ...hello, model: 'error-400' }), 400, {
      code: 'context_length_exceeded',
      param: 'messages',
      type: 'invalid_request_error',
    });
    expect(error.message).toContain('maximum context length');
  });

  it('relays an upstream 429 with its retry-after', async () => {
    const response = await chat({ ...hello, model: 'error-429' });
    expectEnvelope(response, 429, { code: 'rate_limit_exceeded' });
    expect(response.headers['retry-after']).toBe('7');
  });

  it('relays an upstream 401 without the upstream credential', async () => {
    const response = await chat({ ...hello, model: 'error-401' });
    const error = expectEnvelope(response, 401);
    expect(response.text).not.toContain(UPSTREAM_KEY);
    expect(error.message).not.toContain('0123456789');
  });

  it('answers 502 for upstream 5xx and garbage, without leaking details', async () => {
    expectEnvelope(await chat({ ...hello, model: 'error-500' }), 502, { type: 'server_error' });
    expectEnvelope(await chat({ ...hello, model: 'error-html-502' }), 502, { type: 'server_error' });
  });

  it('answers 502 when the upstream refuses the connection, naming no secret or address', async () => {
    const response = await chat({ ...hello, model: 'unreachable-model' });
    const error = expectEnvelope(response, 502, { type: 'server_error' });
    expect(error.message).toContain("'unreachable'");
    expect(response.text).not.toContain('sk-never-sent');
    expect(response.text).not.toContain('127.0.0.1:9');
  });

  it('answers 504 when the upstream never starts answering', async () => {
    const started = Date.now();
    const response = await chat({ ...hello, model: 'stall-headers' });
    expectEnvelope(response, 504, { code: 'upstream_timeout', type: 'server_error' });
    expect(Date.now() - started).toBeLessThan(3_000);
    const stream = await chat({ ...hello, model: 'stall-headers', stream: true });
    expectEnvelope(stream, 504, { code: 'upstream_timeout' });
  });

  it('records every failed request once, with its status', async () => {
    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url);
    const byModel = (model: string) => records.filter((record) => record.model === model);
    expect(byModel('error-400')[0]).toMatchObject({
      status: 'upstream_error',
      http_status: 400,
      prompt_tokens: 0,
    });
    expect(byModel('error-500')[0]).toMatchObject({ status: 'upstream_error', http_status: 502 });
    expect(byModel('stall-headers').map((record) => record.status)).toEqual(['timeout', 'timeout']);
    expect(byModel('gpt-9')[0]).toMatchObject({ status: 'not_found', http_status: 404 });
    // Failures before the handler (malformed JSON, an oversized body) are recorded too.
    const unparsed = records.filter((record) => record.model === '');
    expect(unparsed.filter((record) => record.http_status === 400).length).toBeGreaterThanOrEqual(3);
    expect(unparsed.filter((record) => record.http_status === 413)).toHaveLength(1);
    expect(
      unparsed.every((record) => record.status === 'invalid_request' && record.key_name === 'team-a'),
    ).toBe(true);
    const ids = records.map((record) => record.request_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
