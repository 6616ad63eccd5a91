import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAuthenticatedKey } from '../../test/support/authenticated-key.js';
import { CollectingSink } from '../../test/support/collecting-usage-sink.js';
import { createUpstreamTarget } from '../../test/support/upstream-target.js';
import type { ChatRequest } from '../api/chat-types.js';
import { GatewayError, InvalidRequestError, NoRouteError } from '../api/gateway-error.js';
import { toUpstreamHttpError, toUpstreamTransportError } from '../providers/shared/parse-upstream-error.js';
import type { UsageRecord } from '../store/store-types.js';
import { approximateEmbeddingTokens, countEmbeddingTokens } from './estimate-embedding-tokens.js';
import { approximatePromptTokens, countTextTokens, estimatePromptTokens } from './estimate-tokens.js';
import { RequestMeter } from './request-meter.js';

const FIXTURES = new URL('../providers/openai-compatible/__fixtures__/', import.meta.url);

const chatRequest: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello in English and Chinese.' },
  ],
};

const target = createUpstreamTarget();

function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** A meter routed to a channel, as the gateway leaves it after resolving the route. */
function createRoutedMeter(): { meter: RequestMeter; sink: CollectingSink; clock: { now: number } } {
  const clock = { now: 5_000 };
  const sink = new CollectingSink();
  const meter = new RequestMeter(
    sink,
    'req_0002',
    buildAuthenticatedKey({ id: 'key_beta', name: 'beta', models: new Set(['gpt-4o-mini']) }),
    'chat.completions',
    5_000,
    1_754_049_642_000,
    () => clock.now,
  );
  meter.model = 'gpt-4o-mini';
  meter.channel = 'openai-main';
  meter.servedModel = 'gpt-4o-mini-2024-07-18';
  meter.request = chatRequest;
  return { meter, sink, clock };
}

function onlyRecord(sink: CollectingSink): UsageRecord {
  expect(sink.records).toHaveLength(1);
  return sink.records[0]!;
}

describe('RequestMeter', () => {
  it('writes the upstream usage of a completed request', async () => {
    const { meter, sink, clock } = createRoutedMeter();
    const completion = JSON.parse(readFixture('openai-completion.json'));
    clock.now += 180.6;
    meter.markFirstToken();
    meter.recordUsage(completion.usage);
    await meter.succeed();
    expect(onlyRecord(sink)).toEqual({
      requestId: 'req_0002',
      createdAtMs: 1_754_049_642_000,
      keyId: 'key_beta',
      keyName: 'beta',
      teamId: null,
      endpoint: 'chat.completions',
      model: 'gpt-4o-mini',
      servedModel: 'gpt-4o-mini-2024-07-18',
      channel: 'openai-main',
      stream: false,
      status: 'ok',
      httpStatus: 200,
      promptTokens: 19,
      completionTokens: 12,
      cachedTokens: 0,
      reasoningTokens: 0,
      totalTokens: 31,
      usageSource: 'upstream',
      latencyMs: 181,
      ttftMs: 181,
      errorCode: null,
      errorMessage: null,
      costMicros: 0,
      attempts: 0,
    });
  });

  it('reads cached and reasoning token details', async () => {
    const { meter, sink } = createRoutedMeter();
    meter.recordUsage({
      prompt_tokens: 2_048,
      completion_tokens: 300,
      total_tokens: 2_348,
      prompt_tokens_details: { cached_tokens: 1_920 },
      completion_tokens_details: { reasoning_tokens: 256 },
    });
    await meter.succeed();
    expect(onlyRecord(sink)).toMatchObject({ cachedTokens: 1_920, reasoningTokens: 256, totalTokens: 2_348 });
  });

  it('keeps the first time to first token', async () => {
    const { meter, sink, clock } = createRoutedMeter();
    clock.now += 40;
    meter.markFirstToken();
    clock.now += 500;
    meter.markFirstToken();
    await meter.succeed();
    expect(onlyRecord(sink)).toMatchObject({ ttftMs: 40, latencyMs: 540 });
  });

  it('writes one record however many outcomes are reported; the first wins', async () => {
    const { meter, sink } = createRoutedMeter();
    const first = meter.succeed();
    const second = meter.fail(new GatewayError('internal_error', 'late failure'));
    expect(second).toBe(first);
    expect(meter.settled()).toBe(first);
    await Promise.all([first, second, meter.settled()]);
    expect(onlyRecord(sink).status).toBe('ok');
  });

  it('records a request that ended without an outcome as cancelled', async () => {
    const { meter, sink } = createRoutedMeter();
    await meter.settled();
    expect(onlyRecord(sink)).toMatchObject({
      status: 'cancelled',
      httpStatus: 499,
      errorCode: 'client_closed_request',
    });
  });

  it('estimates usage from the request and produced text when a success carried none', async () => {
    const { meter, sink } = createRoutedMeter();
    const completion = JSON.parse(readFixture('openai-completion.json'));
    const text = completion.choices[0].message.content as string;
    meter.recordProducedText(text);
    meter.recordProducedText('');
    await meter.succeed();
    const promptTokens = await estimatePromptTokens(chatRequest);
    const completionTokens = await countTextTokens(text);
    expect(completionTokens).toBeGreaterThan(0);
    expect(onlyRecord(sink)).toMatchObject({
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
      cachedTokens: 0,
      reasoningTokens: 0,
      usageSource: 'estimated',
    });
  });

  it.each([
    [400, 'openai-error-context-length.json', 400, 'context_length_exceeded'],
    [401, 'openai-error-invalid-api-key.json', 401, 'invalid_api_key'],
    [429, 'openai-error-rate-limit.json', 429, 'rate_limit_exceeded'],
    [500, 'openai-error-server.json', 502, 'upstream_error'],
    [503, 'openai-error-server.json', 503, 'upstream_unavailable'],
  ])('records zero tokens for an upstream HTTP %i', async (status, fixture, httpStatus, errorCode) => {
    const { meter, sink } = createRoutedMeter();
    await meter.fail(toUpstreamHttpError(status, readFixture(fixture), null, target));
    expect(onlyRecord(sink)).toMatchObject({
      status: 'upstream_error',
      httpStatus,
      errorCode,
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      usageSource: 'none',
    });
  });

  it('records zero tokens when the upstream could not be reached', async () => {
    const { meter, sink } = createRoutedMeter();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    await meter.fail(toUpstreamTransportError(refused, target, new AbortController().signal));
    expect(onlyRecord(sink)).toMatchObject({
      status: 'upstream_error',
      httpStatus: 502,
      usageSource: 'none',
    });
  });

  it('approximates the prompt of a request that timed out or was cancelled before any output', async () => {
    const promptTokens = approximatePromptTokens(chatRequest);
    const deadline = new AbortController();
    deadline.abort(new DOMException('Total deadline exceeded', 'TimeoutError'));
    const cancelled = new AbortController();
    cancelled.abort();
    for (const [signal, status, httpStatus] of [
      [deadline.signal, 'timeout', 504],
      [cancelled.signal, 'cancelled', 499],
    ] as const) {
      const { meter, sink } = createRoutedMeter();
      await meter.fail(toUpstreamTransportError(new Error('aborted'), target, signal));
      expect(onlyRecord(sink)).toMatchObject({
        status,
        httpStatus,
        promptTokens,
        completionTokens: 0,
        usageSource: 'estimated',
        ttftMs: null,
      });
    }
  });

  it('estimates an embedding request that carries a `messages` field of any shape like any other', async () => {
    // Validation keeps unknown fields: the kind of request must not be guessed from them.
    const odd = { model: 'text-embedding-3-small', input: 'hello', messages: {} } as never;
    const cut = createRoutedMeter();
    cut.meter.embeddingRequest = odd;
    const cancelled = new AbortController();
    cancelled.abort();
    await cut.meter.fail(toUpstreamTransportError(new Error('aborted'), target, cancelled.signal));
    expect(onlyRecord(cut.sink)).toMatchObject({
      status: 'cancelled',
      promptTokens: approximateEmbeddingTokens('hello'),
      usageSource: 'estimated',
    });
  });

  it('estimates an embeddings request from its input when cut off or sent without usage', async () => {
    const embedding = { model: 'text-embedding-3-small', input: ['The quick brown fox', 'jumps'] };
    const cut = createRoutedMeter();
    cut.meter.embeddingRequest = embedding;
    const cancelled = new AbortController();
    cancelled.abort();
    await cut.meter.fail(toUpstreamTransportError(new Error('aborted'), target, cancelled.signal));
    expect(onlyRecord(cut.sink)).toMatchObject({
      status: 'cancelled',
      promptTokens: approximateEmbeddingTokens(embedding.input),
      completionTokens: 0,
      usageSource: 'estimated',
    });

    const counted = createRoutedMeter();
    counted.meter.embeddingRequest = embedding;
    await counted.meter.succeed();
    expect(onlyRecord(counted.sink)).toMatchObject({
      status: 'ok',
      promptTokens: await countEmbeddingTokens(embedding.input),
      usageSource: 'estimated',
    });
  });

  it('records usage OPT counted itself as estimated', async () => {
    const { meter, sink } = createRoutedMeter();
    meter.recordUsage({ prompt_tokens: 7, completion_tokens: 0, total_tokens: 7 }, 'estimated');
    await meter.succeed();
    expect(onlyRecord(sink)).toMatchObject({ promptTokens: 7, totalTokens: 7, usageSource: 'estimated' });
  });

  it('records requests that never reached a channel with zero tokens', async () => {
    const { meter, sink } = createRoutedMeter();
    meter.channel = null;
    meter.servedModel = null;
    await meter.fail(new NoRouteError('gpt-9'));
    expect(onlyRecord(sink)).toMatchObject({
      status: 'not_found',
      httpStatus: 404,
      channel: null,
      errorCode: 'model_not_found',
      totalTokens: 0,
      usageSource: 'none',
    });
  });

  it('tells our own validation errors from the upstream ones', async () => {
    const own = createRoutedMeter();
    own.meter.channel = null;
    await own.meter.fail(new InvalidRequestError('`temperature` must be between 0 and 2.', 'temperature'));
    expect(onlyRecord(own.sink)).toMatchObject({
      status: 'invalid_request',
      httpStatus: 400,
      errorCode: 'invalid_request',
    });
  });

  it('cuts the error message to 500 characters', async () => {
    const { meter, sink } = createRoutedMeter();
    await meter.fail(new GatewayError('internal_error', 'x'.repeat(2_000)));
    expect(onlyRecord(sink).errorMessage).toHaveLength(500);
  });

  it('writes null key fields for a request without a key', async () => {
    const sink = new CollectingSink();
    const meter = new RequestMeter(sink, 'req_0003', null, 'chat.completions', 0, 0, () => 0);
    await meter.fail(new GatewayError('invalid_api_key', 'Incorrect API key provided.'));
    expect(onlyRecord(sink)).toMatchObject({ keyId: null, keyName: null, status: 'error', httpStatus: 401 });
  });
});
