import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/chat-types.js';
import { InvalidRequestError } from '../../api/gateway-error.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

const MODEL = 'claude-sonnet-4-20250514';

describe('toAnthropicRequest', () => {
  it('lifts system and developer messages, merges same-role turns and defaults max_tokens', () => {
    const body = toAnthropicRequest(
      {
        model: 'claude',
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Hi' },
          { role: 'user', content: [{ type: 'text', text: 'there' }] },
        ],
      },
      MODEL,
    );
    expect(body).toEqual({
      model: MODEL,
      max_tokens: 4096,
      system: 'Be terse.\n\nAnswer in French.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'text', text: 'there' },
          ],
        },
      ],
    });
  });

  it('maps tool calls to tool_use and tool messages to tool_result blocks in one user turn', () => {
    const body = toAnthropicRequest(
      {
        model: 'claude',
        messages: [
          { role: 'user', content: 'Weather and time in Paris?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              {
                id: 'toolu_A',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
              { id: 'toolu_B', type: 'function', function: { name: 'get_time', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'toolu_A', content: 'Sunny' },
          { role: 'tool', tool_call_id: 'toolu_B', content: [{ type: 'text', text: '12:00' }] },
          { role: 'user', content: 'Thanks' },
        ],
      },
      MODEL,
    );
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[1]!.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_B', name: 'get_time', input: {} },
    ]);
    expect(body.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_A', content: 'Sunny' },
      { type: 'tool_result', tool_use_id: 'toolu_B', content: '12:00' },
      { type: 'text', text: 'Thanks' },
    ]);
  });

  it('maps images from data: URLs to base64 sources and others to url sources', () => {
    const body = toAnthropicRequest(
      {
        model: 'claude',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            ],
          },
        ],
      },
      MODEL,
    );
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('maps tools, every tool_choice, stop, sampling and token limits', () => {
    const base: ChatRequest = {
      model: 'claude',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: {} },
          },
        },
        { type: 'function', function: { name: 'ping' } },
      ],
      stop: 'END',
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
    };
    const body = toAnthropicRequest({ ...base, tool_choice: 'auto' }, MODEL);
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
      { name: 'ping', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body).toMatchObject({ stop_sequences: ['END'], temperature: 0.2, top_p: 0.9, max_tokens: 100 });
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(toAnthropicRequest({ ...base, tool_choice: 'none' }, MODEL).tool_choice).toEqual({ type: 'none' });
    expect(toAnthropicRequest({ ...base, tool_choice: 'required' }, MODEL).tool_choice).toEqual({
      type: 'any',
    });
    expect(
      toAnthropicRequest({ ...base, tool_choice: { type: 'function', function: { name: 'ping' } } }, MODEL)
        .tool_choice,
    ).toEqual({ type: 'tool', name: 'ping' });
    expect(toAnthropicRequest({ ...base, max_completion_tokens: 7 }, MODEL).max_tokens).toBe(7);
    expect(toAnthropicRequest({ ...base, stop: ['a', 'b'] }, MODEL).stop_sequences).toEqual(['a', 'b']);
  });

  it('rejects invalid tool call arguments and unsupported content parts', () => {
    expect(() =>
      toAnthropicRequest(
        {
          model: 'claude',
          messages: [
            {
              role: 'assistant',
              tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{' } }],
            },
          ],
        },
        MODEL,
      ),
    ).toThrow(InvalidRequestError);
    expect(() =>
      toAnthropicRequest(
        {
          model: 'claude',
          messages: [
            { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
          ],
        },
        MODEL,
      ),
    ).toThrow(InvalidRequestError);
  });
});
