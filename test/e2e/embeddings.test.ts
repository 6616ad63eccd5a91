import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMicros } from '../../src/api/money.js';
import { countTextTokens } from '../../src/gateway/estimate-tokens.js';
import { fakeEmbeddingValues } from '../support/fake-embeddings.js';
import { FakeGeminiUpstream, GEMINI_KEY } from '../support/fake-gemini-upstream.js';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import {
  ADMIN_KEY,
  fetchUsage,
  RESTRICTED_KEY,
  startTestOpt,
  type TestOpt,
} from '../support/start-test-opt.js';

const BILLED_KEY = 'sk-embed-billed-0123456789abcdef';
const TIGHT_KEY = 'sk-embed-tight-0123456789abcdef';
/** Both embedding models cost 1,000 USD per million input tokens: exactly 1,000 micros a token. */
const MICROS_PER_TOKEN = 1000;

/** What the OpenAI SDK's caller sees for a float32 embedding of `text`. */
const expectedVector = (text: string, dimensions?: number) =>
  fakeEmbeddingValues(text, dimensions).map(Math.fround);

describe('POST /v1/embeddings through the official openai SDK', () => {
  const upstream = new FakeOpenAiUpstream();
  const gemini = new FakeGeminiUpstream();
  let opt: TestOpt;
  let client: OpenAI;

  beforeAll(async () => {
    await upstream.start();
    await gemini.start();
    opt = await startTestOpt({
      upstreamUrl: upstream.url,
      yaml: {
        top: `
currency: USD
prices:
  text-embed: { input: 1000, output: 0 }
  gemini-embed: { input: 1000, output: 0 }
retry: { max_attempts: 3, initial_backoff_ms: 1, max_backoff_ms: 5 }
`,
        channels: `  - name: embed-main
    provider: openai-compatible
    base_url: {{upstream}}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [text-embed, embed-floats, embed-counted, embed-failover, mixed-embed]
    model_map:
      text-embed: text-embedding-3-small
      embed-floats: embed-floats-only
      embed-counted: embed-no-usage
      embed-failover: embed-healthy
      mixed-embed: text-embedding-3-small
  - name: embed-broken
    provider: openai-compatible
    base_url: {{upstream}}
    api_key: \${TEST_UPSTREAM_KEY}
    priority: 10
    models: [embed-failover]
    model_map: { embed-failover: embed-broken }
  - name: gemini-embeddings
    provider: gemini
    base_url: ${gemini.url}
    api_key: ${GEMINI_KEY}
    models: [gemini-embed]
    model_map: { gemini-embed: gemini-embedding-001 }
  - name: claude-only
    provider: anthropic
    base_url: http://127.0.0.1:9
    api_key: sk-ant-never-sent-0000
    priority: 10
    models: [claude-chat, mixed-embed]
`,
        keys: `
  - name: embed-billed
    key: ${BILLED_KEY}
    budget: { amount: 100, period: daily }
    limits: { rpm: 1000 }
    prompt_logging: { retention_days: 1 }
  - name: embed-tight
    key: ${TIGHT_KEY}
    budget: { amount: 0.000001, period: daily }
`,
      },
    });
    client = new OpenAI({ apiKey: BILLED_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    await gemini.close();
    await upstream.close();
  });

  async function recordOf(requestId: string | null) {
    await opt.flushUsage();
    const [record] = await fetchUsage(opt.url, `&request_id=${requestId}`);
    if (!record) throw new Error(`no usage record for ${requestId}`);
    return record;
  }

  function admin(path: string) {
    return fetch(`${opt.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } }).then(
      (response) => response.json() as Promise<Record<string, unknown>>,
    );
  }

  function post(body: unknown, key = BILLED_KEY, raw?: string) {
    return fetch(`${opt.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    });
  }

  it('relays float embeddings with usage, charges the input tokens and reports the cost and quota', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'text-embed', input: 'hello embedding world', encoding_format: 'float' })
      .withResponse();
    expect(data.object).toBe('list');
    expect(data.model).toBe('text-embedding-3-small-v1');
    expect(data.data).toEqual([
      { object: 'embedding', index: 0, embedding: expectedVector('hello embedding world') },
    ]);
    expect(data.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const upstreamRequest = upstream.lastRequest();
    expect(upstreamRequest.path).toBe('/v1/embeddings');
    expect(upstreamRequest.body).toEqual({
      model: 'text-embedding-3-small',
      input: 'hello embedding world',
      encoding_format: 'float',
    });

    const costMicros = 3 * MICROS_PER_TOKEN;
    expect(response.headers.get('x-opt-cost')).toBe(formatMicros(costMicros));
    expect(response.headers.get('x-opt-budget-currency')).toBe('USD');
    expect(response.headers.get('x-opt-budget-remaining')).toMatch(/^\d+(\.\d+)?$/);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1000');

    const requestId = response.headers.get('x-request-id');
    const record = await recordOf(requestId);
    expect(record).toMatchObject({
      endpoint: 'embeddings',
      key_name: 'embed-billed',
      model: 'text-embed',
      served_model: 'text-embedding-3-small-v1',
      channel: 'embed-main',
      stream: false,
      status: 'ok',
      http_status: 200,
      prompt_tokens: 3,
      completion_tokens: 0,
      total_tokens: 3,
      usage_source: 'upstream',
      cost_micros: costMicros,
      attempts: 1,
    });
    const ledger = (await admin(`/admin/ledger?key_id=${record.key_id}&kind=charge`)) as {
      data: Array<{ request_id: string; amount_micros: number }>;
    };
    expect(ledger.data.find((entry) => entry.request_id === requestId)?.amount_micros).toBe(-costMicros);

    // Prompt logging keeps the request and the answer.
    const logged = (await admin(`/admin/usage/${requestId}`)) as {
      bodies: { request: string; response: string };
    };
    expect(JSON.parse(logged.bodies.request)).toMatchObject({
      model: 'text-embed',
      input: 'hello embedding world',
    });
    expect(JSON.parse(logged.bodies.response).data).toHaveLength(1);
  });

  it('answers the SDK default (base64, decoded by the SDK) for a batch, in order', async () => {
    const input = ['first text', 'second one here', 'third'];
    const result = await client.embeddings.create({ model: 'text-embed', input });
    expect(upstream.lastRequest().body.encoding_format).toBe('base64');
    expect(result.data.map((item) => item.index)).toEqual([0, 1, 2]);
    input.forEach((text, index) => {
      expect(result.data[index]!.embedding).toEqual(expectedVector(text));
    });
    expect(result.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
  });

  it('passes dimensions through and accepts token-id inputs', async () => {
    const shortened = await client.embeddings.create({ model: 'text-embed', input: 'short', dimensions: 3 });
    expect(upstream.lastRequest().body.dimensions).toBe(3);
    expect(shortened.data[0]!.embedding).toEqual(expectedVector('short', 3));

    const tokens = await client.embeddings.create({ model: 'text-embed', input: [[1, 2, 3], [4]] });
    expect(tokens.data.map((item) => item.embedding)).toEqual([
      expectedVector('[1,2,3]'),
      expectedVector('[4]'),
    ]);
    expect(tokens.usage.prompt_tokens).toBe(4);
  });

  it('re-encodes floats as base64 when an upstream ignores encoding_format', async () => {
    const result = await client.embeddings.create({ model: 'embed-floats', input: ['x y', 'z'] });
    expect(upstream.lastRequest().body.encoding_format).toBe('base64');
    expect(result.data.map((item) => item.embedding)).toEqual([expectedVector('x y'), expectedVector('z')]);
  });

  it('counts the input with the tokenizer when an OpenAI-compatible upstream sends no usage', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'embed-counted', input: 'count these words' })
      .withResponse();
    const tokens = await countTextTokens('count these words');
    expect(data.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      prompt_tokens: tokens,
      usage_source: 'estimated',
    });
  });

  describe('a gemini channel', () => {
    it('embeds through batchEmbedContents, counts the input with the tokenizer and bills it', async () => {
      const input = ['alpha beta', 'gamma'];
      const { data, response } = await client.embeddings
        .create({ model: 'gemini-embed', input, dimensions: 5 })
        .withResponse();
      const request = gemini.lastRequest();
      expect(request.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
      expect(request.headers['x-goog-api-key']).toBe(GEMINI_KEY);
      expect(request.body).toEqual({
        requests: input.map((text) => ({
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text }] },
          outputDimensionality: 5,
        })),
      });
      // Gemini's doubles, rounded to float32 once: exactly what the SDK decodes from base64.
      expect(data.data.map((item) => item.embedding)).toEqual(input.map((text) => expectedVector(text, 5)));
      const tokens = (await countTextTokens('alpha beta')) + (await countTextTokens('gamma'));
      expect(tokens).toBeGreaterThan(0);
      expect(data.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
      expect(response.headers.get('x-opt-cost')).toBe(formatMicros(tokens * MICROS_PER_TOKEN));
      expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
        endpoint: 'embeddings',
        channel: 'gemini-embeddings',
        served_model: 'gemini-embedding-001',
        status: 'ok',
        prompt_tokens: tokens,
        completion_tokens: 0,
        usage_source: 'estimated',
        cost_micros: tokens * MICROS_PER_TOKEN,
      });
    });

    it('answers floats when asked for them', async () => {
      const response = await post({ model: 'gemini-embed', input: 'gamma', encoding_format: 'float' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: Array<{ embedding: unknown }> };
      expect(body.data[0]!.embedding).toEqual(fakeEmbeddingValues('gamma'));
    });

    it('refuses token-id inputs with a 400 naming input', async () => {
      const response = await post({ model: 'gemini-embed', input: [1, 2, 3] });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({
        type: 'invalid_request_error',
        param: 'input',
      });
    });
  });

  it('fails over from a failing target to the next one, and records the attempts', async () => {
    upstream.setFailureMode('embed-broken', { kind: 'fail-always', status: 500 });
    const { data, response } = await client.embeddings
      .create({ model: 'embed-failover', input: 'fail over please' })
      .withResponse();
    expect(data.data[0]!.embedding).toEqual(expectedVector('fail over please'));
    expect(upstream.failuresFor('embed-broken')).toBe(1);
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      status: 'ok',
      channel: 'embed-main',
      attempts: 2,
    });
    upstream.setFailureMode('embed-broken', null);
  });

  it('skips targets whose provider cannot embed', async () => {
    const { response } = await client.embeddings.create({ model: 'mixed-embed', input: 'hi' }).withResponse();
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      status: 'ok',
      channel: 'embed-main',
      attempts: 1,
    });
  });

  it('answers 400 for a model that only an anthropic channel serves', async () => {
    const error = await client.embeddings
      .create({ model: 'claude-chat', input: 'hi' })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'model',
      message: expect.stringContaining('does not support embeddings'),
    });
    expect(await recordOf(error.requestID)).toMatchObject({
      endpoint: 'embeddings',
      status: 'invalid_request',
      http_status: 400,
      channel: null,
    });
  });

  it.each([
    ['a missing input', { model: 'text-embed' }, 'input'],
    ['an empty string', { model: 'text-embed', input: '' }, 'input'],
    ['an empty batch', { model: 'text-embed', input: [] }, 'input'],
    ['an empty string in a batch', { model: 'text-embed', input: ['a', ''] }, 'input[1]'],
    ['too many inputs', { model: 'text-embed', input: Array.from({ length: 2049 }, () => 'a') }, 'input'],
    ['an unknown encoding', { model: 'text-embed', input: 'a', encoding_format: 'int8' }, 'encoding_format'],
    ['zero dimensions', { model: 'text-embed', input: 'a', dimensions: 0 }, 'dimensions'],
    ['a missing model', { input: 'a' }, 'model'],
  ])('answers 400 with param for %s, before any upstream call', async (_name, body, param) => {
    const calls = upstream.requests.length;
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({
      type: 'invalid_request_error',
      param,
    });
    expect(upstream.requests.length).toBe(calls);
  });

  it('meters malformed JSON like any other ending', async () => {
    const response = await post(null, BILLED_KEY, '{"model": "text-embed", "input": ');
    expect(response.status).toBe(400);
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      endpoint: 'embeddings',
      status: 'invalid_request',
      http_status: 400,
    });
  });

  it('answers 404 for an unknown model and for a model the key may not use', async () => {
    for (const [key, model] of [
      [BILLED_KEY, 'no-such-embedder'],
      [RESTRICTED_KEY, 'text-embed'],
    ] as const) {
      const response = await post({ model, input: 'a' }, key);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({
        code: 'model_not_found',
        param: 'model',
      });
    }
  });

  it('refuses a request over budget with 429 before calling the upstream', async () => {
    const calls = upstream.requests.length;
    const response = await post({ model: 'text-embed', input: 'hello world' }, TIGHT_KEY);
    expect(response.status).toBe(429);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({
      code: 'insufficient_quota',
    });
    expect(upstream.requests.length).toBe(calls);
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      endpoint: 'embeddings',
      status: 'quota_exceeded',
    });
  });

  it('answers 405 with Allow for another method', async () => {
    const response = await fetch(`${opt.url}/v1/embeddings`, {
      headers: { authorization: `Bearer ${BILLED_KEY}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
