import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall, UpstreamTarget } from '../provider-adapter.js';
import { openAiCompatibleAdapter } from './openai-compatible-adapter.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const UPSTREAM_KEY = 'sk-upstream-9bX2cV4nM6qW8eR0tY1uI3oP';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Responder = (response: ServerResponse, request: RecordedRequest) => Promise<void> | void;

function readFixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/** The chunks a fixture carries, read the naive way: one JSON object per `data: {` line. */
function chunksOf(name: string): ChatCompletionChunk[] {
  return readFixture(name)
    .toString('utf8')
    .split(/\r\n|\n/)
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)) as ChatCompletionChunk);
}

/** Writes the fixture byte for byte, in pieces that do not line up with events, as a real upstream would. */
function serveFixture(name: string, status = 200, headers: Record<string, string> = {}): Responder {
  const contentType = name.endsWith('.sse')
    ? 'text/event-stream'
    : name.endsWith('.json')
      ? 'application/json'
      : 'text/html';
  return async (response) => {
    const bytes = readFixture(name);
    response.writeHead(status, { 'content-type': contentType, ...headers });
    const pieceSize = Math.ceil(bytes.length / 7);
    for (let offset = 0; offset < bytes.length; offset += pieceSize) {
      response.write(bytes.subarray(offset, offset + pieceSize));
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  };
}

/** Sends the first `eventCount` events of a fixture, then goes silent with the connection open. */
function serveThenStall(name: string, eventCount: number): Responder {
  return (response) => {
    const events = readFixture(name).toString('utf8').split('\n\n').slice(0, eventCount);
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(events.map((event) => `${event}\n\n`).join(''));
  };
}

const chatRequest: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello in English and Chinese.' },
  ],
  temperature: 0.2,
  max_completion_tokens: 64,
  // Fields OPT does not know ride along to the upstream untouched.
  metadata: { team: 'search' },
  reasoning_effort: 'low',
};

describe('openAiCompatibleAdapter against a local upstream', () => {
  let server: Server;
  let baseUrl: string;
  let http: Agent;
  let respond: Responder;
  const requests: RecordedRequest[] = [];
  const responsesClosedEarly: ServerResponse[] = [];

  function createTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
    return createUpstreamTarget({
      baseUrl,
      apiKey: UPSTREAM_KEY,
      headers: { 'openai-organization': 'org-Fq2WnV7hTzK9pLx3RdYc8sJm', 'x-opt-channel': 'openai-main' },
      firstByteMs: 5_000,
      idleMs: 5_000,
      ...overrides,
    });
  }

  function createCall(
    overrides: Partial<UpstreamTarget> = {},
    signal = new AbortController().signal,
  ): UpstreamCall {
    return { target: createTarget(overrides), signal, http };
  }

  async function collectStream(
    request: ChatRequest,
    call: UpstreamCall,
  ): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
    const chunks: ChatCompletionChunk[] = [];
    try {
      for await (const chunk of openAiCompatibleAdapter.stream(request, call)) chunks.push(chunk);
      return { chunks, error: null };
    } catch (error) {
      return { chunks, error };
    }
  }

  function lastRequest(): RecordedRequest {
    const last = requests.at(-1);
    if (!last) throw new Error('the upstream received no request');
    return last;
  }

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
      const parts: Buffer[] = [];
      for await (const part of request) parts.push(part as Buffer);
      const text = Buffer.concat(parts).toString('utf8');
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(recorded);
      response.on('close', () => {
        if (!response.writableFinished) responsesClosedEarly.push(response);
      });
      await respond(response, recorded);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  beforeEach(() => {
    requests.length = 0;
    responsesClosedEarly.length = 0;
    // A pool per test: no test can pick up a keep-alive socket that an earlier test's server side closed.
    http = new Agent({ keepAliveTimeout: 1_000, connections: 8 });
  });

  afterEach(async () => {
    await http.destroy();
    // Stalled responses from abort and timeout tests would otherwise hold their sockets open.
    server.closeAllConnections();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('stream', () => {
    it('posts to /chat/completions with the upstream model, usage requested and the channel headers', async () => {
      respond = serveFixture('openai-text-with-usage.sse');
      const request: ChatRequest = {
        ...chatRequest,
        stream: true,
        stream_options: { include_obfuscation: false },
      };
      const { error } = await collectStream(request, createCall());
      expect(error).toBeNull();
      const recorded = lastRequest();
      expect(recorded.method).toBe('POST');
      expect(recorded.url).toBe('/v1/chat/completions');
      expect(recorded.body).toEqual({
        model: 'gpt-4o-mini-2024-07-18',
        messages: chatRequest.messages,
        temperature: 0.2,
        max_completion_tokens: 64,
        metadata: { team: 'search' },
        reasoning_effort: 'low',
        stream: true,
        stream_options: { include_obfuscation: false, include_usage: true },
      });
      expect(recorded.headers).toMatchObject({
        authorization: `Bearer ${UPSTREAM_KEY}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'openai-organization': 'org-Fq2WnV7hTzK9pLx3RdYc8sJm',
        'x-opt-channel': 'openai-main',
      });
    });

    it('asks for usage even when the client turned it off or sent no stream flag', async () => {
      respond = serveFixture('openai-text-with-usage.sse');
      await collectStream({ ...chatRequest, stream_options: { include_usage: false } }, createCall());
      expect(lastRequest().body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('sends no Authorization header when the channel has no key', async () => {
      respond = serveFixture('crlf-keep-alive-no-usage.sse');
      const { error } = await collectStream(chatRequest, createCall({ apiKey: null }));
      expect(error).toBeNull();
      expect(lastRequest().headers.authorization).toBeUndefined();
    });

    it.each([
      'openai-text-with-usage.sse',
      'openai-parallel-tool-calls.sse',
      'deepseek-reasoner-stream.sse',
      'crlf-keep-alive-no-usage.sse',
    ])('yields exactly the chunks of %s', async (name) => {
      respond = serveFixture(name);
      const { chunks, error } = await collectStream(chatRequest, createCall());
      expect(error).toBeNull();
      expect(chunks).toEqual(chunksOf(name));
    });

    it('passes parallel tool-call fragments through so they reassemble into both calls', async () => {
      respond = serveFixture('openai-parallel-tool-calls.sse');
      const { chunks } = await collectStream(chatRequest, createCall());
      let text = '';
      const calls: Array<{ id: string; name: string; arguments: string }> = [];
      for (const chunk of chunks) {
        for (const choice of chunk.choices) {
          text += choice.delta.content ?? '';
          for (const fragment of choice.delta.tool_calls ?? []) {
            const call = calls[fragment.index] ?? { id: '', name: '', arguments: '' };
            calls[fragment.index] = call;
            call.id += fragment.id ?? '';
            call.name += fragment.function?.name ?? '';
            call.arguments += fragment.function?.arguments ?? '';
          }
        }
      }
      expect(text).toBe('I’ll check the weather in both cities.');
      expect(calls.map((call) => ({ ...call, arguments: JSON.parse(call.arguments) }))).toEqual([
        {
          id: 'call_Vq2LmX8nR4tYpK6dW0sJhB3e',
          name: 'get_weather',
          arguments: { location: 'Paris, France', unit: 'celsius' },
        },
        {
          id: 'call_Tz9GfH1cN5aQwE7rU2oIkM4y',
          name: 'get_weather',
          arguments: { location: 'Tokyo, Japan', unit: 'celsius' },
        },
      ]);
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    });

    it('yields what arrived, then throws, when the upstream cuts the stream before [DONE]', async () => {
      respond = serveFixture('openai-cut-before-done.sse');
      const { chunks, error } = await collectStream(chatRequest, createCall());
      expect(chunks).toEqual(chunksOf('openai-cut-before-done.sse'));
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({
        code: 'upstream_error',
        status: 502,
        message: "Upstream channel 'openai-main' closed the stream before it was complete.",
      });
    });

    it('throws the error an upstream reports mid-stream', async () => {
      respond = serveFixture('openai-error-event.sse');
      const { chunks, error } = await collectStream(chatRequest, createCall());
      expect(chunks).toHaveLength(4);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).message).toContain(
        "Upstream channel 'openai-main' reported an error mid-stream: The server had an error",
      );
    });

    it('rejects promptly and closes the upstream connection when aborted mid-stream', async () => {
      respond = serveThenStall('openai-text-with-usage.sse', 2);
      const controller = new AbortController();
      const iterator = openAiCompatibleAdapter
        .stream(chatRequest, createCall({}, controller.signal))
        [Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      expect((await iterator.next()).done).toBe(false);
      const startedAt = performance.now();
      controller.abort();
      await expect(iterator.next()).rejects.toMatchObject({ code: 'client_closed_request', status: 499 });
      expect(performance.now() - startedAt).toBeLessThan(500);
      await expect.poll(() => responsesClosedEarly.length, { timeout: 1_000 }).toBe(1);
    });

    it('reports the total deadline when the abort reason is a TimeoutError', async () => {
      respond = serveThenStall('openai-text-with-usage.sse', 2);
      const controller = new AbortController();
      const iterator = openAiCompatibleAdapter
        .stream(chatRequest, createCall({}, controller.signal))
        [Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
      controller.abort(new DOMException('Total deadline exceeded', 'TimeoutError'));
      await expect(iterator.next()).rejects.toMatchObject({
        code: 'upstream_timeout',
        status: 504,
        message: "Upstream channel 'openai-main' exceeded its total time limit.",
      });
    });

    it('rejects promptly when aborted while waiting for response headers', async () => {
      respond = () => {};
      const controller = new AbortController();
      const pending = collectStream(chatRequest, createCall({}, controller.signal));
      await expect.poll(() => requests.length).toBe(1);
      const startedAt = performance.now();
      controller.abort();
      const { chunks, error } = await pending;
      expect(performance.now() - startedAt).toBeLessThan(500);
      expect(chunks).toEqual([]);
      expect(error).toMatchObject({ code: 'client_closed_request' });
    });
  });

  describe('complete', () => {
    it('posts the request with only the model rewritten and returns the completion', async () => {
      respond = serveFixture('openai-completion.json');
      const completion = await openAiCompatibleAdapter.complete(chatRequest, createCall());
      expect(completion).toEqual(JSON.parse(readFixture('openai-completion.json').toString('utf8')));
      const recorded = lastRequest();
      expect(recorded.url).toBe('/v1/chat/completions');
      expect(recorded.body).toEqual({ ...chatRequest, model: 'gpt-4o-mini-2024-07-18' });
      expect(recorded.headers).toMatchObject({
        authorization: `Bearer ${UPSTREAM_KEY}`,
        accept: 'application/json',
        'x-opt-channel': 'openai-main',
      });
    });

    it('rejects a 200 whose body is not JSON', async () => {
      respond = serveFixture('gateway-502.html', 200);
      await expect(openAiCompatibleAdapter.complete(chatRequest, createCall())).rejects.toMatchObject({
        code: 'upstream_error',
        status: 502,
        message: "Upstream channel 'openai-main' returned an invalid JSON body.",
      });
    });

    it('rejects a 200 whose JSON is not a chat completion', async () => {
      respond = serveFixture('dashscope-error-invalid-api-key.json', 200);
      await expect(openAiCompatibleAdapter.complete(chatRequest, createCall())).rejects.toMatchObject({
        code: 'upstream_error',
        message: "Upstream channel 'openai-main' returned a body that is not a chat completion.",
      });
    });

    it('times out when headers do not arrive in time, or the body goes silent between chunks', async () => {
      // Both wait for undici's coarse timers (about a second), so they run side by side.
      const silent = { 'x-opt-channel': 'silent-before-headers' };
      const stallAfterTwoEvents = serveThenStall('openai-text-with-usage.sse', 2);
      respond = (response, request) =>
        request.headers['x-opt-channel'] === silent['x-opt-channel']
          ? undefined
          : stallAfterTwoEvents(response, request);
      const [beforeHeaders, betweenChunks] = await Promise.all([
        openAiCompatibleAdapter
          .complete(chatRequest, createCall({ firstByteMs: 100, headers: silent }))
          .catch((caught: unknown) => caught),
        collectStream(chatRequest, createCall({ idleMs: 150 })),
      ]);
      expect(beforeHeaders).toMatchObject({
        code: 'upstream_timeout',
        status: 504,
        message: "Upstream channel 'openai-main' timed out waiting for the response to start.",
      });
      expect(betweenChunks.chunks).toHaveLength(2);
      expect(betweenChunks.error).toMatchObject({
        code: 'upstream_timeout',
        status: 504,
        message: "Upstream channel 'openai-main' timed out waiting for the next part of the response.",
      });
    });

    it('reports a refused connection without the URL', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await openAiCompatibleAdapter
        .complete(chatRequest, createCall({ origin: `http://127.0.0.1:${port}` }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).message).toBe(
        "Upstream channel 'openai-main' could not be reached: connection refused.",
      );
    });
  });

  describe('non-2xx answers', () => {
    const cases = [
      {
        fixture: 'openai-error-context-length.json',
        status: 400,
        retryAfter: null,
        expected: {
          status: 400,
          code: 'invalid_request',
          wireCode: 'context_length_exceeded',
          param: 'messages',
        },
      },
      {
        fixture: 'openai-error-invalid-api-key.json',
        status: 401,
        retryAfter: null,
        expected: { status: 401, wireType: 'invalid_request_error', wireCode: 'invalid_api_key' },
      },
      {
        fixture: 'dashscope-error-invalid-api-key.json',
        status: 401,
        retryAfter: null,
        expected: { status: 401, wireCode: 'InvalidApiKey', message: 'Invalid API-key provided.' },
      },
      {
        fixture: 'openai-error-rate-limit.json',
        status: 429,
        retryAfter: '2',
        expected: {
          status: 429,
          code: 'rate_limit_exceeded',
          wireType: 'tokens',
          headers: { 'retry-after': '2' },
        },
      },
      {
        fixture: 'openai-error-server.json',
        status: 500,
        retryAfter: null,
        expected: { status: 502, code: 'upstream_error', retryable: true },
      },
      {
        fixture: 'gateway-502.html',
        status: 502,
        retryAfter: null,
        expected: { status: 502, code: 'upstream_error' },
      },
      {
        fixture: 'openai-error-server.json',
        status: 503,
        retryAfter: '5',
        expected: { status: 503, code: 'upstream_unavailable', headers: { 'retry-after': '5' } },
      },
    ];

    it.each(cases)(
      'turns $status with $fixture into the right error',
      async ({ fixture, status, retryAfter, expected }) => {
        const headers: Record<string, string> = retryAfter ? { 'retry-after': retryAfter } : {};
        for (const mode of ['complete', 'stream'] as const) {
          respond = serveFixture(fixture, status, headers);
          const error =
            mode === 'complete'
              ? await openAiCompatibleAdapter
                  .complete(chatRequest, createCall())
                  .catch((caught: unknown) => caught)
              : (await collectStream(chatRequest, createCall())).error;
          expect(error).toBeInstanceOf(UpstreamError);
          expect(error).toMatchObject(expected);
          expect((error as UpstreamError).details).toMatchObject({
            channel: 'openai-main',
            upstreamStatus: status,
          });
          expect((error as UpstreamError).message).not.toContain(UPSTREAM_KEY);
        }
      },
    );

    it('reads at most 64 KiB of an error body', async () => {
      respond = (response) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('E'.repeat(1024 * 1024));
      };
      const error = (await openAiCompatibleAdapter
        .complete(chatRequest, createCall())
        .catch((caught: unknown) => caught)) as UpstreamError;
      expect(error.status).toBe(502);
      expect(error.details.rawBody?.length).toBe(64 * 1024);
    });
  });
});
