import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGeminiUpstream, GEMINI_KEY } from '../../../test/support/fake-gemini-upstream.js';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { geminiAdapter, geminiPath } from './gemini-adapter.js';
import { toGeminiHttpError } from './gemini-error.js';

const upstream = new FakeGeminiUpstream();
const http = new Agent();

function callFor(upstreamModel: string, apiKey = GEMINI_KEY): UpstreamCall {
  return {
    target: createUpstreamTarget({
      channel: 'gem',
      provider: 'gemini',
      baseUrl: upstream.url,
      upstreamModel,
      apiKey,
    }),
    signal: new AbortController().signal,
    http,
  };
}

beforeAll(() => upstream.start());
afterAll(async () => {
  await http.close();
  await upstream.close();
});

describe('geminiAdapter', () => {
  it('posts generateContent with the key header and converts the answer', async () => {
    const completion = await geminiAdapter.complete(
      {
        model: 'public',
        messages: [
          { role: 'system', content: 'Be kind.' },
          { role: 'user', content: 'hi you' },
        ],
      },
      callFor('gemini-echo'),
    );
    const request = upstream.lastRequest();
    expect(request.path).toBe('/v1beta/models/gemini-echo:generateContent');
    expect(request.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(request.body.systemInstruction).toEqual({ parts: [{ text: 'Be kind.' }] });
    expect(completion.choices[0]?.message.content).toBe('Echo: hi you');
    expect(completion.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 10,
      total_tokens: 22,
      prompt_tokens_details: { cached_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 6 },
    });
  });

  it('streams from streamGenerateContent?alt=sse', async () => {
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of geminiAdapter.stream(
      { model: 'public', messages: [{ role: 'user', content: 'a b' }] },
      callFor('models/gemini-echo'),
    )) {
      chunks.push(chunk);
    }
    expect(upstream.lastRequest().path).toBe('/v1beta/models/gemini-echo:streamGenerateContent?alt=sse');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Echo: a b');
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(22);
  });

  it('relays Gemini errors in OpenAI shape', async () => {
    const badKey = await geminiAdapter
      .complete({ model: 'p', messages: [{ role: 'user', content: 'x' }] }, callFor('gemini-echo', 'wrong'))
      .catch((error: unknown) => error);
    expect(badKey).toBeInstanceOf(UpstreamError);
    expect((badKey as UpstreamError).toEnvelope()).toEqual({
      error: {
        message: 'API key not valid. Please pass a valid API key.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_argument',
      },
    });
    const limited = (await geminiAdapter
      .complete({ model: 'p', messages: [{ role: 'user', content: 'x' }] }, callFor('gemini-rate-limited'))
      .catch((error: unknown) => error)) as UpstreamError;
    expect(limited.status).toBe(429);
    expect(limited.code).toBe('rate_limit_exceeded');
    expect(limited.wireCode).toBe('resource_exhausted');
  });

  it('maps the documented error body fixture and keeps the raw body', () => {
    const raw = readFileSync(new URL('./__fixtures__/error-invalid-argument.json', import.meta.url), 'utf8');
    const error = toGeminiHttpError(400, raw, null, callFor('x').target);
    expect(error.message).toBe('API key not valid. Please pass a valid API key.');
    expect(error.wireCode).toBe('invalid_argument');
    expect(error.details.rawBody).toBe(raw);
    const exhausted = readFileSync(
      new URL('./__fixtures__/error-resource-exhausted.json', import.meta.url),
      'utf8',
    );
    expect(toGeminiHttpError(429, exhausted, '7', callFor('x').target).headers).toEqual({
      'retry-after': '7',
    });
  });

  it('builds the path from the API root', () => {
    expect(geminiPath('', 'gemini-2.5-flash', 'generateContent')).toBe(
      '/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(geminiPath('/proxy', 'models/gemini-2.5-pro', 'streamGenerateContent?alt=sse')).toBe(
      '/proxy/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
  });
});
