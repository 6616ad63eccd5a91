import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAuthenticatedKey } from '../../test/support/authenticated-key.js';
import { CollectingSink } from '../../test/support/collecting-usage-sink.js';
import { createUpstreamTarget } from '../../test/support/upstream-target.js';
import type { ChatCompletionChunk, ChatRequest } from '../api/chat-types.js';
import { UpstreamError } from '../api/gateway-error.js';
import { toUpstreamHttpError } from '../providers/shared/parse-upstream-error.js';
import type { UsageRecord } from '../store/store-types.js';
import {
  approximatePromptTokens,
  approximateTokens,
  countTextTokens,
  estimatePromptTokens,
} from './estimate-tokens.js';
import { meterStream } from './meter-stream.js';
import { RequestMeter } from './request-meter.js';

const FIXTURES = new URL('../providers/openai-compatible/__fixtures__/', import.meta.url);
const STARTED_AT = 1_000;
const STEP_MS = 10;

const chatRequest: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello in English and Chinese.' }],
  stream: true,
};

interface Subject {
  meter: RequestMeter;
  sink: CollectingSink;
  clock: { now: number };
  ends: { count: number };
  onEnd: () => void;
}

function createSubject(): Subject {
  const clock = { now: STARTED_AT };
  const sink = new CollectingSink();
  const meter = new RequestMeter(
    sink,
    'req_0001',
    buildAuthenticatedKey({ id: 'key_alpha', name: 'alpha' }),
    'chat.completions',
    STARTED_AT,
    1_754_049_283_000,
    () => clock.now,
  );
  meter.model = 'gpt-4o-mini';
  meter.channel = 'openai-main';
  meter.stream = true;
  meter.request = chatRequest;
  const ends = { count: 0 };
  return { meter, sink, clock, ends, onEnd: () => ends.count++ };
}

/** Fresh chunk objects from a fixture (meterStream edits chunks in place). */
function chunksOf(name: string): ChatCompletionChunk[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split(/\r\n|\n/)
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)) as ChatCompletionChunk);
}

interface SourceState {
  closed: boolean;
}

/** Yields the chunks one clock step apart, then throws `failure` if given; records whether it was closed. */
async function* sourceOf(
  chunks: readonly ChatCompletionChunk[],
  clock: { now: number },
  state: SourceState = { closed: false },
  failure?: unknown,
): AsyncGenerator<ChatCompletionChunk> {
  try {
    for (const chunk of chunks) {
      clock.now += STEP_MS;
      yield chunk;
    }
    if (failure !== undefined) throw failure;
  } finally {
    state.closed = true;
  }
}

async function drain(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: null };
  } catch (error) {
    return { chunks, error };
  }
}

function contentOf(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '').join('')).join('');
}

function onlyRecord(sink: CollectingSink): UsageRecord {
  expect(sink.records).toHaveLength(1);
  return sink.records[0]!;
}

describe('meterStream usage visibility', () => {
  it('strips usage and drops the usage-only chunk when the client did not ask for usage', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const fixture = chunksOf('openai-text-with-usage.sse');
    const { chunks, error } = await drain(meterStream(sourceOf(fixture, clock), meter, false, onEnd));
    await meter.settled();
    expect(error).toBeNull();
    expect(chunks).toHaveLength(fixture.length - 1);
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.some((chunk) => JSON.stringify(chunk).includes('"usage"'))).toBe(false);
    expect(contentOf(chunks)).toBe('Hello! In Chinese, that’s “你好” 👋');
    // The gateway still meters what the upstream reported.
    expect(onlyRecord(sink)).toMatchObject({
      status: 'ok',
      promptTokens: 19,
      completionTokens: 12,
      totalTokens: 31,
      usageSource: 'upstream',
    });
  });

  it('passes chunks through unchanged, usage included, when the client asked for usage', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const { chunks, error } = await drain(
      meterStream(sourceOf(chunksOf('openai-text-with-usage.sse'), clock), meter, true, onEnd),
    );
    await meter.settled();
    expect(error).toBeNull();
    expect(chunks).toEqual(chunksOf('openai-text-with-usage.sse'));
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 31 } });
    expect(onlyRecord(sink).usageSource).toBe('upstream');
  });

  it('keeps a finish chunk that carries usage (DeepSeek) but removes the usage from it', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const fixture = chunksOf('deepseek-reasoner-stream.sse');
    const { chunks } = await drain(meterStream(sourceOf(fixture, clock), meter, false, onEnd));
    await meter.settled();
    expect(chunks).toHaveLength(fixture.length);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(JSON.stringify(chunks.at(-1))).not.toContain('"usage"');
    expect(onlyRecord(sink)).toMatchObject({
      servedModel: 'deepseek-reasoner',
      promptTokens: 18,
      completionTokens: 52,
      reasoningTokens: 39,
      totalTokens: 70,
      usageSource: 'upstream',
    });
  });
  it('moves usage an upstream put on its finish chunk (DeepSeek) into its own final chunk for the client', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const fixture = chunksOf('deepseek-reasoner-stream.sse');
    const reported = fixture.at(-1)?.usage;
    const { chunks } = await drain(meterStream(sourceOf(fixture, clock), meter, true, onEnd));
    await meter.settled();
    expect(chunks).toHaveLength(fixture.length + 1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-2)?.usage).toBeNull();
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: reported, id: fixture[0]?.id });
    expect(onlyRecord(sink).totalTokens).toBe(70);
  });
});

describe('meterStream role normalisation', () => {
  it('adds the missing role to the first delta of a choice, once', async () => {
    const { meter, clock, onEnd } = createSubject();
    const fixture = chunksOf('crlf-keep-alive-no-usage.sse');
    delete fixture[0]!.choices[0]!.delta.role;
    const { chunks } = await drain(meterStream(sourceOf(fixture, clock), meter, false, onEnd));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.slice(1).some((chunk) => chunk.choices[0]?.delta.role !== undefined)).toBe(false);
  });

  it('adds the role once per choice index when n > 1 choices interleave', async () => {
    const { meter, clock, onEnd } = createSubject();
    // Two choices built from the captured text stream, interleaved, neither with a role.
    const interleaved = chunksOf('openai-text-with-usage.sse')
      .slice(1, -1)
      .flatMap((chunk) =>
        [0, 1].map((index) => ({
          ...chunk,
          choices: chunk.choices.map((choice) => ({ ...choice, index, delta: { ...choice.delta } })),
        })),
      );
    const { chunks } = await drain(meterStream(sourceOf(interleaved, clock), meter, false, onEnd));
    const roles = chunks.flatMap((chunk, position) =>
      chunk.choices
        .filter((choice) => choice.delta.role !== undefined)
        .map((choice) => [position, choice.index]),
    );
    expect(roles).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('leaves a role the upstream sent alone and adds none later', async () => {
    const { meter, clock, onEnd } = createSubject();
    const { chunks } = await drain(
      meterStream(sourceOf(chunksOf('openai-parallel-tool-calls.sse'), clock), meter, true, onEnd),
    );
    expect(chunks).toEqual(chunksOf('openai-parallel-tool-calls.sse'));
  });
});

describe('meterStream records', () => {
  it('writes one ok record with time to first token and latency when the stream completes', async () => {
    const { meter, sink, clock, ends, onEnd } = createSubject();
    const fixture = chunksOf('openai-text-with-usage.sse');
    await drain(meterStream(sourceOf(fixture, clock), meter, true, onEnd));
    await meter.settled();
    await meter.settled();
    expect(ends.count).toBe(1);
    expect(onlyRecord(sink)).toEqual({
      requestId: 'req_0001',
      createdAtMs: 1_754_049_283_000,
      keyId: 'key_alpha',
      keyName: 'alpha',
      teamId: null,
      endpoint: 'chat.completions',
      model: 'gpt-4o-mini',
      servedModel: 'gpt-4o-mini-2024-07-18',
      channel: 'openai-main',
      stream: true,
      status: 'ok',
      httpStatus: 200,
      promptTokens: 19,
      completionTokens: 12,
      cachedTokens: 0,
      reasoningTokens: 0,
      totalTokens: 31,
      usageSource: 'upstream',
      // The role chunk (content "") arrives at +10 ms; the first text at +20 ms.
      latencyMs: fixture.length * STEP_MS,
      ttftMs: 2 * STEP_MS,
      errorCode: null,
      errorMessage: null,
      costMicros: 0,
      attempts: 0,
    });
  });

  it('counts reasoning deltas as the first token', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    await drain(meterStream(sourceOf(chunksOf('deepseek-reasoner-stream.sse'), clock), meter, false, onEnd));
    await meter.settled();
    expect(onlyRecord(sink).ttftMs).toBe(2 * STEP_MS);
  });

  it('counts tool-call deltas as output', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const toolCallsOnly = chunksOf('openai-parallel-tool-calls.sse').filter(
      (chunk) => chunk.choices[0]?.delta.content === undefined,
    );
    await drain(meterStream(sourceOf(toolCallsOnly, clock), meter, false, onEnd));
    await meter.settled();
    // Chunk 1 starts the first call; nothing before it carried output.
    expect(onlyRecord(sink).ttftMs).toBe(STEP_MS);
  });

  it('writes one record and rethrows when the upstream fails mid-stream', async () => {
    const { meter, sink, clock, ends, onEnd } = createSubject();
    const fixture = chunksOf('openai-cut-before-done.sse');
    const failure = new UpstreamError(
      'upstream_error',
      "Upstream channel 'openai-main' closed the stream before it was complete.",
      { provider: 'openai-compatible', channel: 'openai-main', upstreamStatus: 200 },
    );
    const { chunks, error } = await drain(
      meterStream(sourceOf(fixture, clock, undefined, failure), meter, false, onEnd),
    );
    await meter.settled();
    expect(chunks).toHaveLength(fixture.length);
    expect(error).toBe(failure);
    expect(ends.count).toBe(1);
    const record = onlyRecord(sink);
    expect(record).toMatchObject({
      status: 'upstream_error',
      httpStatus: 502,
      errorCode: 'upstream_error',
      errorMessage: "Upstream channel 'openai-main' closed the stream before it was complete.",
      ttftMs: 2 * STEP_MS,
      usageSource: 'estimated',
    });
    // Text had been produced, so the estimate counts it.
    expect(record.completionTokens).toBe(await countTextTokens(contentOf(chunks)));
    expect(record.completionTokens).toBeGreaterThan(0);
  });

  it('wraps a non-gateway error without leaking its message', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const failure = new Error('ENOENT: /srv/opt/secret-path');
    const { error } = await drain(
      meterStream(
        sourceOf(chunksOf('openai-cut-before-done.sse'), clock, undefined, failure),
        meter,
        false,
        onEnd,
      ),
    );
    await meter.settled();
    expect(error).toMatchObject({ code: 'internal_error', status: 500 });
    expect((error as Error).message).not.toContain('secret-path');
    expect(onlyRecord(sink)).toMatchObject({ status: 'error', httpStatus: 500, errorCode: 'internal_error' });
  });

  it('records a cancellation and closes the upstream when the consumer stops early', async () => {
    const { meter, sink, clock, ends, onEnd } = createSubject();
    const state: SourceState = { closed: false };
    const read: ChatCompletionChunk[] = [];
    for await (const chunk of meterStream(
      sourceOf(chunksOf('openai-text-with-usage.sse'), clock, state),
      meter,
      false,
      onEnd,
    )) {
      read.push(chunk);
      if (read.length === 4) break;
    }
    await meter.settled();
    expect(state.closed).toBe(true);
    expect(ends.count).toBe(1);
    const record = onlyRecord(sink);
    expect(record).toMatchObject({
      status: 'cancelled',
      httpStatus: 499,
      errorCode: 'client_closed_request',
      ttftMs: 2 * STEP_MS,
      usageSource: 'estimated',
    });
    // Cut off before the upstream's count: the cheap approximation, not the tokenizer.
    expect(record.completionTokens).toBe(approximateTokens('Hello! In'));
    expect(record.promptTokens).toBe(approximatePromptTokens(chatRequest));
  });

  it('records a cancellation when return() is called on the iterator directly', async () => {
    const { meter, sink, clock, ends, onEnd } = createSubject();
    const state: SourceState = { closed: false };
    const iterator = meterStream(
      sourceOf(chunksOf('openai-text-with-usage.sse'), clock, state),
      meter,
      true,
      onEnd,
    );
    await iterator.next();
    await iterator.return(undefined);
    await meter.settled();
    expect(state.closed).toBe(true);
    expect(ends.count).toBe(1);
    expect(onlyRecord(sink)).toMatchObject({ status: 'cancelled', ttftMs: null });
  });

  it('estimates usage when the upstream sent none', async () => {
    const { meter, sink, clock, onEnd } = createSubject();
    const { chunks } = await drain(
      meterStream(sourceOf(chunksOf('crlf-keep-alive-no-usage.sse'), clock), meter, true, onEnd),
    );
    await meter.settled();
    const record = onlyRecord(sink);
    const text = contentOf(chunks);
    expect(text).toBe('Autumn moon rises,\ncrickets hum beneath the eaves —\ntea grows cold again.');
    expect(record).toMatchObject({
      status: 'ok',
      servedModel: 'Qwen2.5-7B-Instruct',
      usageSource: 'estimated',
      promptTokens: await estimatePromptTokens(chatRequest),
      completionTokens: await countTextTokens(text),
    });
    expect(record.completionTokens).toBeGreaterThan(0);
    expect(record.totalTokens).toBe(record.promptTokens + record.completionTokens);
  });

  it('leaves a failure before any chunk to the gateway (which may fail over), metering nothing itself', async () => {
    const { meter, sink, clock, ends, onEnd } = createSubject();
    const target = createUpstreamTarget();

    const rateLimited = toUpstreamHttpError(429, '{"error":{"message":"slow down"}}', '1', target);
    const { chunks, error } = await drain(
      meterStream(sourceOf([], clock, undefined, rateLimited), meter, true, onEnd),
    );
    expect(chunks).toEqual([]);
    expect(error).toBe(rateLimited);
    expect(ends.count).toBe(0);
    expect(sink.records).toEqual([]);
    // The gateway's own ending is the one recorded.
    await meter.fail(rateLimited);
    expect(onlyRecord(sink)).toMatchObject({
      status: 'upstream_error',
      httpStatus: 429,
      errorCode: 'rate_limit_exceeded',
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      usageSource: 'none',
      ttftMs: null,
    });
  });
});
