import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { readGeminiStream } from './gemini-stream.js';

const call = {
  target: createUpstreamTarget({ channel: 'gem', provider: 'gemini', upstreamModel: 'gemini-2.5-flash' }),
  signal: new AbortController().signal,
  http: null as never,
} satisfies UpstreamCall;

/** The fixture in pieces that do not line up with events, as a network would deliver it. */
async function* piecesOf(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += 37) yield bytes.subarray(offset, offset + 37);
}

function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
}

async function collect(bytes: Buffer): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of readGeminiStream(Promise.resolve(piecesOf(bytes)), call, 1_700_000_000))
    chunks.push(chunk);
  return chunks;
}

describe('readGeminiStream', () => {
  it('streams role, reasoning and text deltas, a finish chunk and a usage chunk', async () => {
    const chunks = await collect(fixtureBytes('stream-text.sse'));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Thinking about greetings' },
      { content: 'Hello' },
      { content: ' there!' },
      {},
      null,
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      null,
      null,
      'stop',
      null,
    ]);
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-stream-1']));
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gemini-2.5-flash',
    });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 8,
        completion_tokens: 15,
        total_tokens: 23,
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
  });

  it('streams parallel function calls as complete tool-call deltas indexed over tool calls', async () => {
    const chunks = await collect(fixtureBytes('stream-parallel-function-calls.sse'));
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas).toEqual([
      {
        index: 0,
        id: 'call_0',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        index: 1,
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      },
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toMatchObject({
      prompt_tokens: 40,
      completion_tokens: 20,
      total_tokens: 60,
    });
  });

  it('maps MAX_TOKENS to length', async () => {
    const chunks = await collect(fixtureBytes('stream-max-tokens.sse'));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
  });

  it('ends a blocked prompt with content_filter', async () => {
    const event = {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
    };
    const chunks = await collect(Buffer.from(`data: ${JSON.stringify(event)}\r\n\r\n`));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('content_filter');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('fails a stream cut before any finish reason', async () => {
    await expect(collect(fixtureBytes('stream-cut.sse'))).rejects.toThrow(/ended before it was complete/);
  });

  it('fails on a malformed function call and on an error event', async () => {
    const malformed = { candidates: [{ content: { parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL' }] };
    await expect(collect(Buffer.from(`data: ${JSON.stringify(malformed)}\n\n`))).rejects.toThrow(
      UpstreamError,
    );
    const error = { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } };
    await expect(collect(Buffer.from(`data: ${JSON.stringify(error)}\n\n`))).rejects.toThrow(
      /Internal error encountered/,
    );
  });
});
