import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../chat-types.js';
import type { MessagesStreamEvent, MessagesUsage, ResponseBlock, StopReason } from './messages-wire.js';
import { AnthropicEventStream, type EventStreamOptions, formatSseEvent } from './to-anthropic-events.js';

const FIXTURES = new URL('../../providers/openai-compatible/__fixtures__/', import.meta.url);

/** The chunks of a captured OpenAI-shaped SSE stream (comments and [DONE] skipped). */
function chunksOf(fixture: string): ChatCompletionChunk[] {
  return readFileSync(new URL(fixture, FIXTURES), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as ChatCompletionChunk);
}

const OPTIONS: EventStreamOptions = {
  id: 'msg_test',
  model: 'claude-compatible',
  estimatedInputTokens: 11,
  estimateTokens: (text) => Math.ceil(text.length / 4),
};

function translate(chunks: ChatCompletionChunk[], options: Partial<EventStreamOptions> = {}) {
  const stream = new AnthropicEventStream({ ...OPTIONS, ...options });
  const events = chunks.flatMap((chunk) => stream.push(chunk));
  events.push(...stream.finish());
  return { events, stream };
}

interface Assembled {
  content: ResponseBlock[];
  stopReason: StopReason | null;
  stopSequence: string | null;
  usage: MessagesUsage;
}

/**
 * Reassembles a message the way a strict Anthropic client does, failing on anything Anthropic never
 * sends: events before message_start, blocks out of order or overlapping, deltas to a closed block or of
 * the wrong kind, anything after message_stop.
 */
function assemble(events: MessagesStreamEvent[]): Assembled {
  expect(events[0]?.type).toBe('message_start');
  expect(events.at(-1)?.type).toBe('message_stop');
  const first = events[0] as Extract<MessagesStreamEvent, { type: 'message_start' }>;
  const content: ResponseBlock[] = [];
  const json: string[] = [];
  let open: number | null = null;
  let result: Assembled | null = null;
  for (const event of events.slice(1, -1)) {
    expect(result, 'nothing follows message_delta but message_stop').toBeNull();
    switch (event.type) {
      case 'content_block_start':
        expect(open).toBeNull();
        expect(event.index).toBe(content.length);
        content.push(structuredClone(event.content_block));
        json.push('');
        open = event.index;
        break;
      case 'content_block_delta': {
        expect(event.index).toBe(open);
        const block = content[event.index]!;
        if (event.delta.type === 'text_delta' && block.type === 'text') block.text += event.delta.text;
        else if (event.delta.type === 'thinking_delta' && block.type === 'thinking')
          block.thinking += event.delta.thinking;
        else if (event.delta.type === 'input_json_delta' && block.type === 'tool_use')
          json[event.index] += event.delta.partial_json;
        else throw new Error(`a ${event.delta.type} for a ${block.type} block`);
        break;
      }
      case 'content_block_stop': {
        expect(event.index).toBe(open);
        const block = content[event.index]!;
        if (block.type === 'tool_use') block.input = json[event.index] ? JSON.parse(json[event.index]!) : {};
        open = null;
        break;
      }
      case 'message_delta':
        expect(open).toBeNull();
        result = {
          content,
          stopReason: event.delta.stop_reason,
          stopSequence: event.delta.stop_sequence,
          usage: event.usage,
        };
        break;
      case 'ping':
        break;
      default:
        throw new Error(`unexpected ${event.type}`);
    }
  }
  expect(result).not.toBeNull();
  expect(first.message.usage.input_tokens).toBeGreaterThanOrEqual(0);
  return result!;
}

function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra = {},
): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish as never, ...extra }],
  };
}

describe('AnthropicEventStream', () => {
  it('turns a captured OpenAI stream with text before two parallel tool calls into ordered blocks', () => {
    const { events } = translate(chunksOf('openai-parallel-tool-calls.sse'));
    expect(events.slice(0, 3).map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
    ]);
    const message = assemble(events);
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use', 'tool_use']);
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^I’ll check the/),
    });
    expect(message.content[1]).toEqual({
      type: 'tool_use',
      id: 'call_Vq2LmX8nR4tYpK6dW0sJhB3e',
      name: 'get_weather',
      input: { location: 'Paris, France', unit: 'celsius' },
    });
    expect(message.content[2]).toMatchObject({
      type: 'tool_use',
      id: 'call_Tz9GfH1cN5aQwE7rU2oIkM4y',
      name: 'get_weather',
      input: { location: 'Tokyo, Japan', unit: 'celsius' },
    });
    expect(message.stopReason).toBe('tool_use');
    expect(message.usage).toEqual({
      input_tokens: 84,
      output_tokens: 61,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it('surfaces reasoning_content as a thinking block before the text (captured DeepSeek stream)', () => {
    const message = assemble(translate(chunksOf('deepseek-reasoner-stream.sse')).events);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0] as Extract<ResponseBlock, { type: 'thinking' }>;
    expect(thinking.thinking.startsWith('Okay, compare')).toBe(true);
    expect(thinking.signature).toBe('');
    expect((message.content[1] as { text: string }).text.endsWith('11.')).toBe(true);
    expect(message.stopReason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 18, output_tokens: 52 });
  });

  it('keeps interleaved fragments of parallel calls apart and writes invalid arguments as {}', () => {
    const call = (index: number, fn: Record<string, string>, id?: string) =>
      chunk({ tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: fn }] });
    const { events, stream } = translate([
      chunk({ role: 'assistant', content: null }),
      call(0, { name: 'a', arguments: '{"x":' }, 'call_a'),
      call(1, { name: 'b', arguments: '{"y":' }, 'call_b'),
      call(0, { arguments: '1}' }),
      call(1, { arguments: '2}' }),
      call(2, { name: 'broken', arguments: '{not json' }, 'call_c'),
      chunk({}, 'tool_calls'),
    ]);
    const message = assemble(events);
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'a', input: { x: 1 } },
      { type: 'tool_use', id: 'call_b', name: 'b', input: { y: 2 } },
      { type: 'tool_use', id: 'call_c', name: 'broken', input: {} },
    ]);
    expect(stream.invalidToolArguments).toEqual(['broken']);
    // No usage from the upstream: the estimates stand in.
    expect(message.usage.input_tokens).toBe(11);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('reports tool_use when calls came with finish_reason stop, and max_tokens for length', () => {
    const named = assemble(
      translate([
        chunk({
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
          ],
        }),
        chunk({}, 'stop'),
      ]).events,
    );
    expect(named.stopReason).toBe('tool_use');
    const cut = assemble(translate([chunk({ content: 'Hel' }), chunk({}, 'length')]).events);
    expect(cut.stopReason).toBe('max_tokens');
  });

  it('writes a call that arrives after the finish chunk as a block of its own', () => {
    const call = (id: string, args: string) =>
      chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name: id, arguments: args } }] });
    const message = assemble(
      translate([call('first', '{"n":1}'), chunk({}, 'tool_calls'), call('late', '{"n":2}')]).events,
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'first', name: 'first', input: { n: 1 } },
      { type: 'tool_use', id: 'late', name: 'late', input: { n: 2 } },
    ]);
  });

  it('names the stop sequence when the upstream reports the one it matched', () => {
    const message = assemble(
      translate([chunk({ content: 'one two' }), chunk({}, 'stop', { stop_reason: 'END' })], {
        stopSequences: ['END'],
      }).events,
    );
    expect(message).toMatchObject({ stopReason: 'stop_sequence', stopSequence: 'END' });
  });

  it('opens and closes the message even when the upstream sent no chunk', () => {
    const message = assemble(translate([]).events);
    expect(message.content).toEqual([]);
    expect(message.stopReason).toBe('end_turn');
  });

  it('frames each event with its event name', () => {
    expect(formatSseEvent({ type: 'ping' })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
