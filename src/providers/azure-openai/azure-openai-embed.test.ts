import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOpenAiEmbeddings, fakeEmbeddingValues } from '../../../test/support/fake-embeddings.js';
import { sendJson } from '../../../test/support/openai-wire.js';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { azureOpenAiAdapter } from './azure-openai-adapter.js';

const AZURE_KEY = 'azure-embed-key-0123456789';

/**
 * Azure OpenAI's embeddings surface over real HTTP: `/openai/deployments/{deployment}/embeddings` with
 * `api-version`, or `/openai/v1/embeddings` with the deployment as `model`; the key in `api-key`.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#embeddings
 */
const paths: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const pieces: Buffer[] = [];
  request.on('data', (piece: Buffer) => pieces.push(piece));
  request.on('end', () => {
    const url = request.url ?? '';
    paths.push(url);
    const body = JSON.parse(Buffer.concat(pieces).toString('utf8')) as Record<string, unknown>;
    if (request.headers['api-key'] !== AZURE_KEY || request.headers.authorization !== undefined)
      return sendJson(response, 401, { error: { code: '401', message: 'Access denied.' } });
    const deployment = /^\/openai\/deployments\/([^/?]+)\/embeddings\?api-version=\d{4}-\d{2}-\d{2}$/.exec(
      url,
    );
    if (deployment)
      return answerOpenAiEmbeddings({ ...body, model: decodeURIComponent(deployment[1]!) }, response);
    if (url === '/openai/v1/embeddings') return answerOpenAiEmbeddings(body, response);
    sendJson(response, 404, { error: { code: '404', message: 'Resource not found' } });
  });
});
const http = new Agent();

function callFor(overrides: Parameters<typeof createUpstreamTarget>[0]): UpstreamCall {
  return {
    target: createUpstreamTarget({
      channel: 'azure',
      provider: 'azure-openai',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      upstreamModel: 'embed deploy',
      apiKey: AZURE_KEY,
      ...overrides,
    }),
    signal: new AbortController().signal,
    http,
  };
}

beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
afterAll(async () => {
  await http.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('azureOpenAiAdapter.embed', () => {
  it("posts to the deployment's embeddings path with api-version and api-key", async () => {
    const answer = await azureOpenAiAdapter.embed!(
      { model: 'public', input: ['a b', 'c'], encoding_format: 'float' },
      callFor({}),
    );
    expect(paths.at(-1)).toMatch(/^\/openai\/deployments\/embed%20deploy\/embeddings\?api-version=/);
    expect(answer.model).toBe('embed deploy-v1');
    expect(answer.data.map((item) => item.embedding)).toEqual([
      fakeEmbeddingValues('a b').map(Math.fround),
      fakeEmbeddingValues('c').map(Math.fround),
    ]);
    expect(answer.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('uses /openai/v1/embeddings on the v1 surface', async () => {
    const answer = await azureOpenAiAdapter.embed!(
      { model: 'public', input: 'x', encoding_format: 'float' },
      callFor({ apiVersion: 'v1' }),
    );
    expect(paths.at(-1)).toBe('/openai/v1/embeddings');
    expect(answer.data).toHaveLength(1);
  });

  it("maps Azure's error body", async () => {
    const failure = azureOpenAiAdapter.embed!({ model: 'public', input: 'x' }, callFor({ apiKey: 'wrong' }));
    await expect(failure).rejects.toBeInstanceOf(UpstreamError);
    await expect(failure).rejects.toMatchObject({ status: 401, wireCode: 'invalid_api_key' });
  });
});
