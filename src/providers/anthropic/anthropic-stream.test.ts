import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import { SseDecoder } from '../shared/parse-sse.js';
import { AnthropicStreamState } from './anthropic-stream.js';

const target = createUpstreamTarget({
  channel: 'claude',
  provider: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  upstreamModel: 'claude-sonnet-4-20250514',
});

function replay(name: string): { chunks: ChatCompletionChunk[]; state: AnthropicStreamState } {
  const state = new AnthropicStreamState(target, 1_700_000_000_000);
  const decoder = new SseDecoder();
  const text = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
  const chunks: ChatCompletionChunk[] = [];
  for (const event of [...decoder.push(text), ...decoder.end()])
    chunks.push(...state.push(event.event, event.data));
  return { chunks, state };
}

const deltas = (chunks: ChatCompletionChunk[]) =>
  chunks.flatMap((chunk) => chunk.choices.map((c) => c.delta));

describe('AnthropicStreamState', () => {
  it('streams text: role first, content deltas, finish, then a usage chunk without choices', () => {
    const { chunks, state } = replay('text.sse');
    expect(state.complete).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks[0]).toMatchObject({
      id: 'msg_01Text',
      object: 'chat.completion.chunk',
      model: 'claude-sonnet-4-20250514',
      created: 1_700_000_000,
    });
    expect(
      deltas(chunks)
        .map((d) => d.content ?? '')
        .join(''),
    ).toBe('Hello!');
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]!.finish_reason).toBe('stop');
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({
      prompt_tokens: 25,
      completion_tokens: 15,
      total_tokens: 40,
      prompt_tokens_details: { cached_tokens: 0 },
    });
  });

  it('numbers a tool call after text from 0, with id and name first and arguments after', () => {
    const { chunks } = replay('text-then-tool.sse');
    const calls = deltas(chunks).flatMap((d) => d.tool_calls ?? []);
    expect(calls[0]).toEqual({
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(calls.slice(1).every((call) => call.index === 0 && call.id === undefined)).toBe(true);
    expect(calls.map((call) => call.function?.arguments ?? '').join('')).toBe('{"city": "Paris"}');
    expect(
      deltas(chunks)
        .map((d) => d.content ?? '')
        .join(''),
    ).toBe('Let me check the weather.');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('reassembles parallel tool calls whose arguments span many input_json_delta events', () => {
    const { chunks } = replay('parallel-tools.sse');
    const calls = deltas(chunks).flatMap((d) => d.tool_calls ?? []);
    const argumentsOf = (index: number) =>
      calls
        .filter((call) => call.index === index)
        .map((call) => call.function?.arguments ?? '')
        .join('');
    expect(calls.filter((call) => call.id).map((call) => [call.index, call.id, call.function?.name])).toEqual(
      [
        [0, 'toolu_A', 'get_weather'],
        [1, 'toolu_B', 'get_time'],
      ],
    );
    expect(JSON.parse(argumentsOf(0))).toEqual({ city: 'Paris' });
    expect(JSON.parse(argumentsOf(1))).toEqual({ tz: 'Europe/Paris' });
    expect(chunks.at(-1)!.usage).toEqual({
      prompt_tokens: 1500,
      completion_tokens: 60,
      total_tokens: 1560,
      prompt_tokens_details: { cached_tokens: 1000 },
    });
  });

  it('relays thinking as reasoning_content, ignores signatures, and maps max_tokens to length', () => {
    const { chunks } = replay('thinking.sse');
    expect(
      deltas(chunks)
        .map((d) => d.reasoning_content ?? '')
        .join(''),
    ).toBe('Let me add 2 and 2.');
    expect(JSON.stringify(chunks)).not.toContain('EqQB');
    expect(
      deltas(chunks)
        .map((d) => d.content ?? '')
        .join(''),
    ).toBe('4');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
  });

  it('throws an UpstreamError on a mid-stream error event', () => {
    const state = new AnthropicStreamState(target);
    const decoder = new SseDecoder();
    const text = readFileSync(new URL('./__fixtures__/error-event.sse', import.meta.url), 'utf8');
    const seen: ChatCompletionChunk[] = [];
    let caught: unknown;
    try {
      for (const event of decoder.push(text)) seen.push(...state.push(event.event, event.data));
    } catch (error) {
      caught = error;
    }
    expect(seen.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Partial');
    expect(caught).toBeInstanceOf(UpstreamError);
    expect((caught as UpstreamError).code).toBe('upstream_unavailable');
    expect((caught as UpstreamError).message).toContain('Overloaded');
    expect(state.complete).toBe(false);
  });

  it('rejects malformed event data', () => {
    const state = new AnthropicStreamState(target);
    expect(() => state.push('message_start', '{not json')).toThrow(UpstreamError);
  });
});
