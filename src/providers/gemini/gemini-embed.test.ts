import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbeddingValues } from '../../../test/support/fake-embeddings.js';
import { FakeGeminiUpstream, GEMINI_KEY } from '../../../test/support/fake-gemini-upstream.js';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { decodeFloat32Base64, toRequestedEncoding } from '../../api/embedding-encoding.js';
import { InvalidRequestError, UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { geminiAdapter } from './gemini-adapter.js';
import { fromGeminiEmbedResponse, GEMINI_MAX_EMBED_BATCH, toGeminiEmbedBatches } from './gemini-embed.js';

const upstream = new FakeGeminiUpstream();
const http = new Agent();

function callFor(upstreamModel: string): UpstreamCall {
  return {
    target: createUpstreamTarget({
      channel: 'gem',
      provider: 'gemini',
      baseUrl: upstream.url,
      upstreamModel,
      apiKey: GEMINI_KEY,
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

describe('OpenAI embeddings → Gemini batchEmbedContents', () => {
  it('sends one request per text, naming the model and the output dimensionality', () => {
    const batches = toGeminiEmbedBatches(
      { model: 'public', input: ['a', 'b'], dimensions: 64 },
      'models/gemini-embedding-001',
    );
    expect(batches).toEqual([
      {
        requests: [
          {
            model: 'models/gemini-embedding-001',
            content: { parts: [{ text: 'a' }] },
            outputDimensionality: 64,
          },
          {
            model: 'models/gemini-embedding-001',
            content: { parts: [{ text: 'b' }] },
            outputDimensionality: 64,
          },
        ],
      },
    ]);
    expect(toGeminiEmbedBatches({ model: 'public', input: 'one' }, 'gemini-embedding-001')).toEqual([
      { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'one' }] } }] },
    ]);
  });

  it(`splits more than ${GEMINI_MAX_EMBED_BATCH} texts into batches`, () => {
    const input = Array.from({ length: 2 * GEMINI_MAX_EMBED_BATCH + 1 }, (_, index) => `t${index}`);
    const batches = toGeminiEmbedBatches({ model: 'public', input }, 'g');
    expect(batches.map((batch) => batch.requests.length)).toEqual([100, 100, 1]);
    expect(batches[2]!.requests[0]!.content.parts[0]!.text).toBe('t200');
  });

  it('refuses token-id inputs with a 400 naming input', () => {
    for (const input of [
      [1, 2, 3],
      [[1], [2]],
    ]) {
      let error: unknown;
      try {
        toGeminiEmbedBatches({ model: 'public', input }, 'g');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).param).toBe('input');
    }
  });

  it('numbers the embeddings from the batch offset and rejects a wrong count or shape', () => {
    expect(fromGeminiEmbedResponse({ embeddings: [{ values: [0.5] }, { values: [1] }] }, 2, 100)).toEqual([
      { object: 'embedding', index: 100, embedding: [0.5] },
      { object: 'embedding', index: 101, embedding: [1] },
    ]);
    expect(fromGeminiEmbedResponse({ embeddings: [{ values: [0.5] }] }, 2, 0)).toBeNull();
    expect(fromGeminiEmbedResponse({ embeddings: [{ values: ['x'] }] }, 1, 0)).toBeNull();
    expect(fromGeminiEmbedResponse({}, 1, 0)).toBeNull();
  });
});

describe('geminiAdapter.embed against a Gemini-shaped upstream', () => {
  it('posts batchEmbedContents with the key header and answers an OpenAI list without usage', async () => {
    const input = Array.from({ length: 150 }, (_, index) => `text ${index}`);
    const answer = await geminiAdapter.embed!(
      { model: 'public', input, dimensions: 4 },
      callFor('gemini-embedding-001'),
    );
    const calls = upstream.requests.filter((request) => request.method === 'batchEmbedContents');
    expect(calls.map((call) => call.path)).toEqual([
      '/v1beta/models/gemini-embedding-001:batchEmbedContents',
      '/v1beta/models/gemini-embedding-001:batchEmbedContents',
    ]);
    expect(calls[0]!.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(answer.object).toBe('list');
    expect(answer.model).toBe('gemini-embedding-001');
    expect(answer.usage).toBeUndefined();
    expect(answer.data).toHaveLength(150);
    expect(answer.data[149]).toEqual({
      object: 'embedding',
      index: 149,
      embedding: fakeEmbeddingValues('text 149', 4),
    });
  });

  it('gives the official SDK exact float32 values once re-encoded as base64', async () => {
    const answer = await geminiAdapter.embed!(
      { model: 'public', input: ['alpha', 'beta'], encoding_format: 'base64' },
      callFor('gemini-embedding-001'),
    );
    expect(toRequestedEncoding(answer, 'base64')).toBe(true);
    for (const [index, text] of ['alpha', 'beta'].entries()) {
      const encoded = answer.data[index]!.embedding as string;
      expect(typeof encoded).toBe('string');
      expect(decodeFloat32Base64(encoded)).toEqual(fakeEmbeddingValues(text).map(Math.fround));
    }
  });

  it('maps a Gemini error to an upstream error', async () => {
    const failure = geminiAdapter.embed!({ model: 'public', input: 'x' }, callFor('gemini-rate-limited'));
    await expect(failure).rejects.toBeInstanceOf(UpstreamError);
    await expect(failure).rejects.toMatchObject({ status: 429 });
  });
});
