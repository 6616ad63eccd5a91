import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../gateway-error.js';
import { validateMessagesRequest } from './validate-messages-request.js';

const base = { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

function rejection(body: unknown, forCounting = false): InvalidRequestError {
  try {
    validateMessagesRequest(body, forCounting);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected a rejection');
}

describe('validateMessagesRequest', () => {
  it('normalises string contents and system to blocks and drops null optionals and unmapped fields', () => {
    expect(
      validateMessagesRequest({
        ...base,
        system: 'Be brief.',
        temperature: null,
        top_k: 5,
        service_tier: 'auto',
        metadata: { user_id: 'u-1' },
        stop_sequences: ['END', ''],
        stream: true,
      }),
    ).toEqual({
      model: 'claude-x',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      system: [{ type: 'text', text: 'Be brief.' }],
      top_k: 5,
      metadata: { user_id: 'u-1' },
      stop_sequences: ['END'],
      stream: true,
    });
  });

  it.each([
    [{ ...base, model: undefined }, 'model'],
    [{ ...base, max_tokens: undefined }, 'max_tokens'],
    [{ ...base, max_tokens: 0 }, 'max_tokens'],
    [{ ...base, messages: undefined }, 'messages'],
    [{ ...base, messages: [] }, 'messages'],
    [{ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role'],
    [{ ...base, messages: [{ role: 'user', content: '' }] }, 'messages.0.content'],
    [
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] },
      'messages.0.content.0.text',
    ],
    [
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }],
      },
      'messages.0.content.0.type',
    ],
    [{ ...base, temperature: 1.5 }, 'temperature'],
    [{ ...base, tools: [{ name: 'f' }] }, 'tools.0.input_schema'],
    [{ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0.type'],
    [{ ...base, tool_choice: { type: 'tool', name: 'nope' } }, 'tool_choice.name'],
    [{ ...base, tool_choice: { type: 'sometimes' } }, 'tool_choice'],
    [{ ...base, thinking: { type: 'enabled', budget_tokens: 100 } }, 'thinking.budget_tokens'],
    [{ ...base, thinking: { type: 'enabled', budget_tokens: 2048 } }, 'thinking.budget_tokens'],
    [{ ...base, stop_sequences: 'END' }, 'stop_sequences'],
    [
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA' } }],
          },
        ],
      },
      'messages.0.content.0.source.media_type',
    ],
  ])('rejects %j naming %s', (body, param) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(param === 'messages.0.content' ? 'non-empty content' : '');
  });

  it('rejects a body that is not an object', () => {
    expect(rejection([1]).message).toBe('The request body must be a JSON object.');
  });

  it('allows an empty final assistant message (prefill) and consecutive turns of one role', () => {
    const request = validateMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: '' },
      ],
    });
    expect(request.messages.at(-1)).toEqual({ role: 'assistant', content: [] });
  });

  it('does not require max_tokens for count_tokens, and ignores stream there', () => {
    expect(validateMessagesRequest({ model: 'm', messages: base.messages, stream: true }, true)).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('keeps tool results, images, documents, thinking and tool use as typed blocks', () => {
    const request = validateMessagesRequest({
      ...base,
      tools: [
        {
          name: 'get',
          description: 'Get.',
          input_schema: { type: 'object' },
          cache_control: { type: 'ephemeral' },
        },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: 4000,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'get', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              is_error: true,
              content: [{ type: 'text', text: 'no' }],
            },
          ],
        },
      ],
    });
    expect(request.tools).toEqual([{ name: 'get', description: 'Get.', input_schema: { type: 'object' } }]);
    expect(request.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(request.messages[1]!.content[0]).toEqual({ type: 'thinking', thinking: 'hmm', signature: 'sig' });
    expect(request.messages[2]!.content[0]).toEqual({
      type: 'tool_result',
      tool_use_id: 'toolu_1',
      is_error: true,
      content: [{ type: 'text', text: 'no' }],
    });
  });
});
