import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useMessagesOpt } from '../support/messages-test-opt.js';
import { fetchUsage } from '../support/start-test-opt.js';

const WEATHER_TOOLS: Anthropic.Tool[] = [
  {
    name: 'get_weather',
    description: 'Current weather in a city.',
    input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } },
  },
  {
    name: 'get_time',
    description: 'Local time in a city.',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

describe('POST /v1/messages through the official Anthropic SDK (OpenAI-compatible upstream)', () => {
  const harness = useMessagesOpt();

  it('answers a non-streaming request, with cost headers and a usage record for endpoint messages', async () => {
    const { data: message, response } = await harness.client.messages
      // `temperature` left this SDK's types, but clients (Claude Code, older SDKs) still send it.
      .create({
        model: 'gpt-test',
        max_tokens: 64,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hello there' }],
        temperature: 0.5,
        stop_sequences: ['STOP'],
        metadata: { user_id: 'user-42' },
      } as Anthropic.MessageCreateParamsNonStreaming)
      .withResponse();
    expect(harness.upstream.lastRequest().body).toMatchObject({
      model: 'echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello there' },
      ],
      max_completion_tokens: 64,
      temperature: 0.5,
      stop: ['STOP'],
      user: 'user-42',
    });
    const requestId = response.headers.get('request-id');
    expect(requestId).toMatch(/^req_/);
    expect(message).toEqual({
      id: `msg_${requestId!.slice(4)}`,
      type: 'message',
      role: 'assistant',
      model: 'gpt-test',
      content: [{ type: 'text', text: 'Echo: hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      // The fake counts 3 + 2 prompt tokens per message (2 of them cached) and one per output word.
      usage: {
        input_tokens: 8,
        output_tokens: 3,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 2,
      },
    });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(response.headers.get('x-opt-budget-remaining')).toBe('unlimited');
    const cost = response.headers.get('x-opt-cost');
    // (8 × 1000 + 2 × 500 + 3 × 2000) micros per million tokens.
    expect(cost).toBe('0.015');

    await harness.opt.flushUsage();
    const record = (await fetchUsage(harness.opt.url)).find((row) => row.request_id === requestId);
    expect(record).toMatchObject({
      endpoint: 'messages',
      model: 'gpt-test',
      channel: 'fake',
      status: 'ok',
      stream: false,
      prompt_tokens: 10,
      completion_tokens: 3,
      cached_tokens: 2,
      cost,
    });
  });

  it('streams text that the SDK reassembles, with usage in message_delta', async () => {
    const stream = harness.client.messages.stream({
      model: 'gpt-test',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stream me please' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Echo: stream me please');
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: stream me please' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 4, output_tokens: 4, cache_read_input_tokens: 2 });
    expect(harness.upstream.lastRequest().body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });

    const requestId = (await stream.withResponse()).response.headers.get('request-id');
    await harness.opt.flushUsage();
    const record = (await fetchUsage(harness.opt.url)).find((row) => row.request_id === requestId);
    expect(record).toMatchObject({ endpoint: 'messages', stream: true, status: 'ok', completion_tokens: 4 });
    expect(Number(record?.cost_micros)).toBeGreaterThan(0);
  });

  it('streams text before two parallel tool calls; the SDK reassembles each input exactly', async () => {
    const stream = harness.client.messages.stream({
      model: 'text-then-tools',
      max_tokens: 200,
      tools: WEATHER_TOOLS,
      messages: [{ role: 'user', content: 'Weather in Paris, time in Tokyo?' }],
    });
    const finishedBlocks: Anthropic.ContentBlock[] = [];
    stream.on('contentBlock', (block) => finishedBlocks.push(block));
    const message = await stream.finalMessage();
    const expected = [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_0', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } },
      { type: 'tool_use', id: 'call_1', name: 'get_time', input: { city: 'Tokyo' } },
    ];
    expect(message.content).toMatchObject(expected);
    expect(finishedBlocks).toMatchObject(expected);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(20);
  });

  it('carries a tool_result turn back (is_error noted) and answers from it', async () => {
    const first = await harness.client.messages.create({
      model: 'text-then-tools',
      max_tokens: 200,
      tools: WEATHER_TOOLS,
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Weather in Paris, time in Tokyo?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const calls = first.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((call) => call.input)).toEqual([{ city: 'Paris', unit: 'celsius' }, { city: 'Tokyo' }]);
    expect(harness.upstream.lastRequest().body.tool_choice).toBe('required');

    const second = await harness.client.messages.create({
      model: 'text-then-tools',
      max_tokens: 200,
      tools: WEATHER_TOOLS,
      messages: [
        { role: 'user', content: 'Weather in Paris, time in Tokyo?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: calls[0]!.id, content: '18°C' },
            {
              type: 'tool_result',
              tool_use_id: calls[1]!.id,
              is_error: true,
              content: [{ type: 'text', text: 'clock offline' }],
            },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Results: 18°C | Error: clock offline' }]);
    expect(second.stop_reason).toBe('end_turn');
    const sent = harness.upstream.lastRequest().body.messages as Array<Record<string, unknown>>;
    expect(sent.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          {
            id: 'call_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
          },
          { id: 'call_1', type: 'function', function: { name: 'get_time', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_0', content: '18°C' },
      { role: 'tool', tool_call_id: 'call_1', content: 'Error: clock offline' },
    ]);
  });

  it('surfaces reasoning_content as thinking blocks, streamed and not', async () => {
    const stream = harness.client.messages.stream({
      model: 'reasoning',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'hello' }],
    });
    const thinking: string[] = [];
    stream.on('thinking', (delta) => thinking.push(delta));
    const message = await stream.finalMessage();
    expect(thinking.join('')).toBe('The user says hello; greet back.');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The user says hello; greet back.', signature: '' },
      { type: 'text', text: 'Hello there!' },
    ]);
    // `thinking` is not forwarded: a budget means nothing to an OpenAI-shaped harness.upstream.
    expect(harness.upstream.lastRequest().body).not.toHaveProperty('thinking');

    const plain = await harness.client.messages.create({
      model: 'reasoning',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: 'again' },
      ],
    });
    expect(plain.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    // The thinking in history went back as reasoning_content.
    expect((harness.upstream.lastRequest().body.messages as Array<Record<string, unknown>>)[1]).toEqual({
      role: 'assistant',
      content: 'Hello there!',
      reasoning_content: 'The user says hello; greet back.',
    });
  });

  it('counts tokens for system, messages and tools without a usage record', async () => {
    await harness.opt.flushUsage();
    const before = (await fetchUsage(harness.opt.url)).length;
    const bare = await harness.client.messages.countTokens({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
    });
    const withTools = await harness.client.messages.countTokens({
      model: 'gpt-test',
      system: 'You are a helpful assistant.',
      tools: WEATHER_TOOLS,
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
    });
    expect(bare.input_tokens).toBeGreaterThan(5);
    expect(withTools.input_tokens).toBeGreaterThan(bare.input_tokens + 20);
    await expect(
      harness.client.messages.countTokens({
        model: 'no-such-model',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await harness.opt.flushUsage();
    expect((await fetchUsage(harness.opt.url)).length).toBe(before);
  });
});
