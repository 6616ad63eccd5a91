import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { toAzureRoute } from '../azure-openai/azure-openai-route.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { toBearerRoute } from './create-openai-compatible-adapter.js';
import { toEmbeddingRoute } from './openai-compatible-embed.js';

function callFor(overrides: Parameters<typeof createUpstreamTarget>[0]): UpstreamCall {
  return {
    target: createUpstreamTarget(overrides),
    signal: new AbortController().signal,
    // Never used: only routes are computed here.
    http: undefined as never,
  };
}

describe('toEmbeddingRoute', () => {
  it('puts /embeddings where OpenAI has /chat/completions, with the same auth', () => {
    const route = toEmbeddingRoute(
      toBearerRoute(callFor({ baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-1' })),
    );
    expect(route).toEqual({ path: '/v1/embeddings', headers: { authorization: 'Bearer sk-1' } });
  });

  it("uses Azure's deployment path and keeps its api-version query and api-key header", () => {
    const call = callFor({
      baseUrl: 'https://res.openai.azure.com',
      provider: 'azure-openai',
      upstreamModel: 'my embedder',
      apiKey: 'azure-key',
    });
    const route = toEmbeddingRoute(toAzureRoute(call));
    expect(route.path).toMatch(/^\/openai\/deployments\/my%20embedder\/embeddings\?api-version=[\w-]+$/);
    expect(route.headers).toEqual({ 'api-key': 'azure-key' });
  });

  it("uses Azure's v1 path", () => {
    const call = callFor({ baseUrl: 'https://res.openai.azure.com', apiVersion: 'v1', apiKey: 'k' });
    expect(toEmbeddingRoute(toAzureRoute(call)).path).toBe('/openai/v1/embeddings');
  });
});
