import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { readStreamEvents } from './read-stream-events.js';

const FIXTURES = new URL('../openai-compatible/__fixtures__/', import.meta.url);
const http = new Agent();

afterAll(() => http.close());

function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function chunksOf(text: string): unknown[] {
  return text
    .split(/\r\n|\n/)
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)));
}

function createCall(signal = new AbortController().signal): UpstreamCall {
  return {
    target: createUpstreamTarget({
      channel: 'deepseek',
      baseUrl: 'https://api.deepseek.com',
      apiKey: 'sk-0123456789abcdef0123456789abcdef',
      upstreamModel: 'deepseek-reasoner',
    }),

    signal,
    http,
  };
}

async function* bodyOf(text: string, failure?: Error): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  // Pieces of 100 bytes: events straddle piece boundaries as they do on the wire.
  for (let offset = 0; offset < bytes.length; offset += 100) yield bytes.subarray(offset, offset + 100);
  if (failure) throw failure;
}

/** Reads until the end or the first error; returns both, so tests can check what came before a failure. */
async function readAll(
  text: string,
  call = createCall(),
  failure?: Error,
): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of readStreamEvents(bodyOf(text, failure), call)) chunks.push(chunk);
    return { chunks, error: null };
  } catch (error) {
    return { chunks, error };
  }
}

describe('readStreamEvents', () => {
  it.each([
    'openai-text-with-usage.sse',
    'openai-parallel-tool-calls.sse',
    'deepseek-reasoner-stream.sse',
    'crlf-keep-alive-no-usage.sse',
  ])('yields every chunk of %s and stops at [DONE]', async (name) => {
    const text = readFixture(name);
    const { chunks, error } = await readAll(text);
    expect(error).toBeNull();
    expect(chunks).toEqual(chunksOf(text));
  });

  it('ignores anything after [DONE]', async () => {
    const text = readFixture('openai-text-with-usage.sse');
    const extra = 'data: {"id":"late","object":"chat.completion.chunk","choices":[]}\n\n';
    const { chunks, error } = await readAll(text + extra);
    expect(error).toBeNull();
    expect(chunks).toEqual(chunksOf(text));
  });

  it('accepts a stream without [DONE] once every choice finished and usage arrived', async () => {
    const text = readFixture('openai-text-with-usage.sse').replace('data: [DONE]\n\n', '');
    const { chunks, error } = await readAll(text);
    expect(error).toBeNull();
    expect(chunks).toEqual(chunksOf(text));
  });

  it('rejects a stream without [DONE] that sent no usage, even if it finished', async () => {
    const text = readFixture('crlf-keep-alive-no-usage.sse').replace('data: [DONE]\r\n\r\n', '');
    const { chunks, error } = await readAll(text);
    expect(chunks).toHaveLength(chunksOf(text).length);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe(
      "Upstream channel 'deepseek' closed the stream before it was complete.",
    );
  });

  it('yields what arrived, then fails, when the stream is cut before the end', async () => {
    const text = readFixture('openai-cut-before-done.sse');
    const { chunks, error } = await readAll(text);
    expect(chunks).toEqual(chunksOf(text));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      code: 'upstream_error',
      status: 502,
      retryable: true,
      message: "Upstream channel 'deepseek' closed the stream before it was complete.",
      details: { provider: 'openai-compatible', channel: 'deepseek', upstreamStatus: 200 },
    });
  });

  it('turns an error event into an UpstreamError carrying its message', async () => {
    const text = readFixture('openai-error-event.sse');
    const { chunks, error } = await readAll(text);
    expect(chunks).toHaveLength(4);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      code: 'upstream_error',
      status: 502,
      message:
        "Upstream channel 'deepseek' reported an error mid-stream: The server had an error while processing your request. Sorry about that!",
    });
  });

  it('reads a bare string error event too', async () => {
    const { error } = await readAll('data: {"error":"overloaded"}\n\n');
    expect((error as UpstreamError).message).toBe(
      "Upstream channel 'deepseek' reported an error mid-stream: overloaded.",
    );
  });

  it.each([
    ['broken JSON', 'data: {"id":"chatcmpl-1","choices":[\n\n', 'sent a malformed stream event'],
    ['a JSON number', 'data: 42\n\n', 'sent a malformed stream event'],
    [
      'a chunk without choices',
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk"}\n\n',
      'sent a stream event without choices',
    ],
  ])('rejects %s', async (_label, text, what) => {
    const { error } = await readAll(text);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe(`Upstream channel 'deepseek' ${what}.`);
  });

  it('skips events with empty data', async () => {
    const text = readFixture('openai-text-with-usage.sse');
    const { chunks, error } = await readAll(`data:\n\n${text}`);
    expect(error).toBeNull();
    expect(chunks).toEqual(chunksOf(text));
  });

  it('maps a connection reset during the body to a transport error', async () => {
    const text = readFixture('openai-cut-before-done.sse');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const { chunks, error } = await readAll(text, createCall(), reset);
    expect(chunks).toHaveLength(chunksOf(text).length);
    expect((error as UpstreamError).message).toBe(
      "Upstream channel 'deepseek' could not be reached: connection reset.",
    );
  });

  it('reports a cancellation when the body fails because the signal was aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const text = readFixture('openai-cut-before-done.sse');
    const { error } = await readAll(text, createCall(controller.signal), new Error('aborted'));
    expect(error).toMatchObject({ code: 'client_closed_request', status: 499 });
  });
});
