import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AZURE_API_VERSION,
  AZURE_KEY,
  FakeAzureOpenAiUpstream,
} from '../../../test/support/fake-azure-openai-upstream.js';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall, UpstreamTarget } from '../provider-adapter.js';
import { azureOpenAiAdapter } from './azure-openai-adapter.js';

const REQUEST: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi there' }] };

describe('azure-openai adapter', () => {
  const upstream = new FakeAzureOpenAiUpstream();
  const agent = new Agent();
  const call = (overrides: Partial<UpstreamTarget> = {}): UpstreamCall => ({
    target: createUpstreamTarget({
      provider: 'azure-openai',
      baseUrl: upstream.url,
      apiKey: AZURE_KEY,
      apiVersion: AZURE_API_VERSION,
      upstreamModel: 'gpt-4o-deploy',
      ...overrides,
    }),
    signal: new AbortController().signal,
    http: agent,
  });
  const chunksOf = async (source: AsyncIterable<ChatCompletionChunk>) => {
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of source) chunks.push(chunk);
    return chunks;
  };
  const failure = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      expect(error).toBeInstanceOf(UpstreamError);
      return error as UpstreamError;
    }
    throw new Error('expected a failure');
  };

  beforeAll(() => upstream.start());
  afterAll(async () => {
    await agent.close();
    await upstream.close();
  });

  it('posts to the deployment with api-version and the api-key header, never a bearer token', async () => {
    const completion = await azureOpenAiAdapter.complete(REQUEST, call());
    expect(completion.choices[0]!.message.content).toBe('Echo: Hi there');
    const sent = upstream.lastRequest();
    expect(sent.path).toBe('/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe(AZURE_KEY);
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('uses the v1 surface with the deployment as model', async () => {
    await azureOpenAiAdapter.complete(REQUEST, call({ apiVersion: 'v1' }));
    expect(upstream.lastRequest()).toMatchObject({
      path: '/openai/v1/chat/completions',
      body: { model: 'gpt-4o-deploy' },
    });
  });

  it("skips Azure's prompt-filter-only first chunk and asks for usage", async () => {
    const chunks = await chunksOf(
      azureOpenAiAdapter.stream({ ...REQUEST, stream: true }, call({ upstreamModel: 'conf-text' })),
    );
    expect(upstream.lastRequest().body.stream_options).toEqual({ include_usage: true });
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.filter((chunk) => chunk.choices.length === 0)).toHaveLength(1);
    expect(chunks.at(-1)!.usage).toMatchObject({ total_tokens: 32 });
  });

  it('relays finish_reason content_filter', async () => {
    const filtered = call({ upstreamModel: 'filtered-completion' });
    expect((await azureOpenAiAdapter.complete(REQUEST, filtered)).choices[0]!.finish_reason).toBe(
      'content_filter',
    );
    const chunks = await chunksOf(azureOpenAiAdapter.stream({ ...REQUEST, stream: true }, filtered));
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual([
      'content_filter',
    ]);
  });

  it.each([
    ['a refused key', { apiKey: 'wrong-key' }, 401, 'invalid_api_key'],
    ['an unknown deployment', { upstreamModel: 'missing' }, 404, 'model_not_found'],
    ['a filtered prompt', { upstreamModel: 'filtered-prompt' }, 400, 'content_filter'],
    ['an unknown api-version', { apiVersion: '2019-01-01' }, 404, '404'],
  ] as const)('maps %s to an OpenAI-shaped %i', async (_label, overrides, status, code) => {
    const error = await failure(() => azureOpenAiAdapter.complete(REQUEST, call(overrides)));
    expect(error.status).toBe(status);
    expect(error.toEnvelope().error.code).toBe(code);
    expect(error.message).not.toContain(AZURE_KEY);
  });
});
