import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { BUDGET_KEY, useMessagesOpt } from '../support/messages-test-opt.js';
import { CLIENT_KEY, fetchUsage } from '../support/start-test-opt.js';

describe('POST /v1/messages failures, in the Anthropic shape and metered', () => {
  const harness = useMessagesOpt();

  it('reports errors as the SDK error classes, in Anthropic envelopes with request-id', async () => {
    const badKey = new Anthropic({ apiKey: 'sk-wrong-0123456789', baseURL: harness.opt.url, maxRetries: 0 });
    const auth = await badKey.messages
      .create({ model: 'gpt-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(auth).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((auth as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });

    const unknown = await harness.client.messages
      .create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.APIError>).requestID).toMatch(/^req_/);

    const noMax = await harness.client.messages
      .create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'x' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((error: unknown) => error);
    expect(noMax).toBeInstanceOf(Anthropic.BadRequestError);
    expect((noMax as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: 'invalid_request_error', message: "Missing required parameter: 'max_tokens'." },
    });

    const budgeted = new Anthropic({ apiKey: BUDGET_KEY, baseURL: harness.opt.url, maxRetries: 0 });
    const broke = await budgeted.messages
      .create({ model: 'gpt-test', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] })
      .catch((error: unknown) => error);
    expect(broke).toBeInstanceOf(Anthropic.RateLimitError);
    const refusal = broke as InstanceType<typeof Anthropic.RateLimitError>;
    expect(refusal.error).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(refusal.headers?.get('x-should-retry')).toBe('false');
    expect(refusal.headers?.get('x-opt-budget-remaining')).toBe('0.001');

    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url);
    expect(records.find((row) => row.request_id === refusal.requestID)).toMatchObject({
      endpoint: 'messages',
      status: 'quota_exceeded',
      http_status: 429,
    });
  });

  it('answers malformed JSON, a wrong method and Bearer auth in the Anthropic shape', async () => {
    const malformed = await fetch(`${harness.opt.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': CLIENT_KEY,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: '{"model":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('request-id')).toMatch(/^req_/);
    expect(await malformed.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });

    const tooLarge = await fetch(`${harness.opt.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': CLIENT_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x'.repeat(11 * 1024 * 1024) }],
      }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });

    // Both failed before the handler ran, and both are metered as /v1/messages requests.
    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url);
    for (const [response, status] of [
      [malformed, 400],
      [tooLarge, 413],
    ] as const) {
      expect(records.find((row) => row.request_id === response.headers.get('request-id'))).toMatchObject({
        endpoint: 'messages',
        status: 'invalid_request',
        http_status: status,
      });
    }

    const wrongMethod = await fetch(`${harness.opt.url}/v1/messages`, {
      headers: { 'x-api-key': CLIENT_KEY },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });

    const missingKey = await fetch(`${harness.opt.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(missingKey.status).toBe(401);
    expect(await missingKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const bearer = await fetch(`${harness.opt.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'Echo: hi' }],
    });
  });

  it('aborts the upstream when the client leaves mid-stream, and records the request as cancelled', async () => {
    const abortedBefore = harness.upstream.abortedResponses;
    const controller = new AbortController();
    const stream = harness.client.messages.stream(
      { model: 'slow-stream', max_tokens: 500, messages: [{ role: 'user', content: 'a long story' }] },
      { signal: controller.signal },
    );
    let texts = 0;
    await new Promise<void>((resolve) => {
      stream.on('text', () => {
        if (++texts === 5) {
          controller.abort();
          resolve();
        }
      });
    });
    await stream.done().catch(() => undefined);
    const requestId = (await stream.withResponse()).response.headers.get('request-id');
    const deadline = Date.now() + 2_000;
    while (harness.upstream.abortedResponses === abortedBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(harness.upstream.abortedResponses).toBe(abortedBefore + 1);
    await harness.opt.flushUsage();
    const record = (await fetchUsage(harness.opt.url)).find((row) => row.request_id === requestId);
    expect(record).toMatchObject({ endpoint: 'messages', status: 'cancelled', stream: true });
    expect(Number(record?.completion_tokens)).toBeGreaterThan(0);
  });

  it('ends a stream that fails midway with an Anthropic error event', async () => {
    const stream = harness.client.messages.stream({
      model: 'error-in-stream',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
    expect(texts.join('')).toBe('Hi');
  });
});
