import { describe, expect, it } from 'vitest';
import { applyChunk, EMPTY_REPLY, hasOutput, replyFromCompletion } from './assistant-reply';
import { buildChatRequest, curlCommand, DEFAULT_SETTINGS, invalidParameter } from './chat-request';
import type { ChatChunk } from './chat-types';
import { checkToolsJson, EXAMPLE_TOOLS } from './tools-json';

const delta = (value: NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']>): ChatChunk => ({
  choices: [{ index: 0, delta: value, finish_reason: null }],
});

describe('applyChunk', () => {
  it('appends content and reasoning, and keeps the finish reason and usage', () => {
    let reply = EMPTY_REPLY;
    reply = applyChunk(reply, delta({ role: 'assistant', content: '' }));
    reply = applyChunk(reply, delta({ reasoning_content: 'think ' }));
    reply = applyChunk(reply, delta({ reasoning_content: 'hard' }));
    reply = applyChunk(reply, delta({ content: 'Echo:' }));
    reply = applyChunk(reply, delta({ content: ' hi' }));
    reply = applyChunk(reply, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    reply = applyChunk(reply, {
      choices: [],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6, cost: 0.5 },
    });
    expect(reply).toEqual({
      content: 'Echo: hi',
      reasoning: 'think hard',
      toolCalls: [],
      finishReason: 'stop',
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6, cost: 0.5 },
      error: null,
    });
  });

  it('assembles tool calls by index from their deltas', () => {
    const pieces = ['{"ci', 'ty": "Pa', 'ris"}'];
    let reply = EMPTY_REPLY;
    for (const index of [0, 1]) {
      const name = index === 0 ? 'get_weather' : 'get_time';
      reply = applyChunk(
        reply,
        delta({
          tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } }],
        }),
      );
      for (const piece of pieces) {
        reply = applyChunk(reply, delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    }
    expect(reply.toolCalls).toEqual([
      { id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
      { id: 'call_1', type: 'function', function: { name: 'get_time', arguments: '{"city": "Paris"}' } },
    ]);
  });

  it('keeps a mid-stream error event', () => {
    const reply = applyChunk(EMPTY_REPLY, { error: { message: 'boom', code: 'server_error' } });
    expect(reply.error).toEqual({ message: 'boom', code: 'server_error' });
  });

  it('says which chunks carry output (for time to first token)', () => {
    expect(hasOutput(delta({ role: 'assistant', content: '' }))).toBe(false);
    expect(hasOutput(delta({ content: 'a' }))).toBe(true);
    expect(hasOutput(delta({ tool_calls: [{ index: 0, function: { arguments: '' } }] }))).toBe(true);
    expect(hasOutput({ choices: [], usage: { total_tokens: 1 } })).toBe(false);
  });

  it('reads a whole completion', () => {
    const reply = replyFromCompletion({
      choices: [{ index: 0, message: { content: null, tool_calls: [] }, finish_reason: 'tool_calls' }],
      usage: { total_tokens: 3 },
    });
    expect(reply).toMatchObject({ content: '', finishReason: 'tool_calls', usage: { total_tokens: 3 } });
  });
});

describe('checkToolsJson', () => {
  it('accepts an empty editor and the example', () => {
    expect(checkToolsJson('  ')).toEqual({ ok: true, tools: [] });
    expect(checkToolsJson(EXAMPLE_TOOLS)).toMatchObject({ ok: true, tools: [{ type: 'function' }] });
  });

  it('names what is wrong', () => {
    expect(checkToolsJson('[{')).toMatchObject({ ok: false, error: 'invalidJson' });
    expect(checkToolsJson('{}')).toEqual({ ok: false, error: 'notArray' });
    expect(checkToolsJson('[{"type":"function","function":{"name":"a"}}, {"type":"x"}]')).toEqual({
      ok: false,
      error: 'notFunction',
      index: 1,
    });
    expect(checkToolsJson('[{"type":"function","function":{}}]')).toMatchObject({ error: 'missingName' });
    expect(checkToolsJson('[{"type":"function","function":{"name":"a b"}}]')).toMatchObject({
      error: 'badName',
    });
    expect(checkToolsJson('[{"type":"function","function":{"name":"a","parameters":[]}}]')).toMatchObject({
      error: 'badParameters',
    });
  });
});

describe('buildChatRequest and curlCommand', () => {
  const settings = { ...DEFAULT_SETTINGS, model: 'gpt-test', systemPrompt: 'Be brief.' };

  it('sends only what was set, and asks a stream for its usage', () => {
    expect(buildChatRequest(settings, [{ role: 'user', content: 'hi' }])).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const body = buildChatRequest(
      {
        ...settings,
        stream: false,
        temperature: '0.5',
        topP: '',
        maxTokens: '64',
        jsonMode: true,
        tools,
        toolChoice: 'required',
      },
      [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', toolCallId: 'c', content: '42' },
      ],
    );
    expect(body).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: '42' },
      ],
      stream: false,
      temperature: 0.5,
      max_tokens: 64,
      response_format: { type: 'json_object' },
      tools,
      tool_choice: 'required',
    });
  });

  it('flags parameters out of range', () => {
    expect(invalidParameter({ ...settings, temperature: '3' })).toBe('temperature');
    expect(invalidParameter({ ...settings, topP: '-0.1' })).toBe('top_p');
    expect(invalidParameter({ ...settings, maxTokens: '1.5' })).toBe('max_tokens');
    expect(invalidParameter({ ...settings, temperature: '1', topP: '1', maxTokens: '10' })).toBeNull();
  });

  it('writes a curl command for /v1 with a placeholder key and a shell-safe body', () => {
    const command = curlCommand(
      'http://localhost:8080',
      buildChatRequest(settings, [{ role: 'user', content: "it's" }]),
    );
    expect(command.split(' \\\n')).toEqual([
      'curl http://localhost:8080/v1/chat/completions -N',
      '  -H "Authorization: Bearer $OPT_API_KEY"',
      '  -H "Content-Type: application/json"',
      expect.stringMatching(/^ {2}-d '\{\n/),
    ]);
    expect(command).toContain(`"content": "it'\\''s"`);
  });
});
