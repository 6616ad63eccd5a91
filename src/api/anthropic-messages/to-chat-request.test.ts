import { describe, expect, it } from 'vitest';
import { toChatRequest } from './to-chat-request.js';
import { validateMessagesRequest } from './validate-messages-request.js';

describe('toChatRequest', () => {
  it('maps system, sampling, stops, user and a streamed request', () => {
    const chat = toChatRequest(
      validateMessagesRequest({
        model: 'gpt-test',
        max_tokens: 2048,
        system: [
          { type: 'text', text: 'You are terse.' },
          { type: 'text', text: 'Answer in French.', cache_control: { type: 'ephemeral' } },
        ],
        messages: [{ role: 'user', content: 'Hello' }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        metadata: { user_id: 'user-7' },
        thinking: { type: 'enabled', budget_tokens: 1024 },
        stream: true,
      }),
    );
    expect(chat).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You are terse.\n\nAnswer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_completion_tokens: 2048,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      user: 'user-7',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('maps a tool round trip: tool_use → tool_calls, tool_result → tool messages before the turn text', () => {
    const chat = toChatRequest(
      validateMessagesRequest({
        model: 'gpt-test',
        max_tokens: 100,
        tools: [
          { name: 'get_weather', description: 'Weather.', input_schema: { type: 'object', properties: {} } },
        ],
        tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
        messages: [
          { role: 'user', content: 'Weather in Paris and Tokyo?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Two cities.', signature: 'sig' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Tokyo' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
              {
                type: 'tool_result',
                tool_use_id: 'toolu_2',
                is_error: true,
                content: [
                  { type: 'text', text: 'timeout' },
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
                ],
              },
              { type: 'text', text: 'Summarise.' },
            ],
          },
        ],
      }),
    );
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather.',
          parameters: { type: 'object', properties: {} },
        },
      },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(chat.parallel_tool_calls).toBe(false);
    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'Two cities.',
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'toolu_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: timeout' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          { type: 'text', text: 'Summarise.' },
        ],
      },
    ]);
  });

  it('maps tool_choice any/auto/none, images by URL and PDF documents', () => {
    const base = { model: 'm', max_tokens: 10, tools: [{ name: 'f', input_schema: { type: 'object' } }] };
    const content = [
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
    ];
    const messages = [{ role: 'user', content }];
    expect(
      toChatRequest(validateMessagesRequest({ ...base, messages, tool_choice: { type: 'any' } })).tool_choice,
    ).toBe('required');
    expect(
      toChatRequest(validateMessagesRequest({ ...base, messages, tool_choice: { type: 'none' } }))
        .tool_choice,
    ).toBe('none');
    const chat = toChatRequest(validateMessagesRequest({ ...base, messages, tool_choice: { type: 'auto' } }));
    expect(chat.tool_choice).toBe('auto');
    expect(chat.parallel_tool_calls).toBeUndefined();
    expect(chat.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'document.pdf' } },
      ],
    });
  });

  it('reads documents in a tool result: text into the tool message, a PDF into the user message after', () => {
    const chat = toChatRequest(
      validateMessagesRequest({
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'Read it' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'read', input: {} }] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't1',
                content: [
                  { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
                  {
                    type: 'document',
                    source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(chat.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'notes' },
      {
        role: 'user',
        content: [
          {
            type: 'file',
            file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'document.pdf' },
          },
        ],
      },
    ]);
  });

  it('keeps an assistant prefill and leaves tool_choice out without tools', () => {
    const chat = toChatRequest(
      validateMessagesRequest({
        model: 'm',
        max_tokens: 10,
        tool_choice: { type: 'auto' },
        messages: [
          { role: 'user', content: 'Count' },
          { role: 'assistant', content: 'One,' },
        ],
      }),
    );
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: 'One,' },
    ]);
    expect(chat.tool_choice).toBeUndefined();
  });
});
