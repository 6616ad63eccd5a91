import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../chat-types.js';
import { GatewayError } from '../gateway-error.js';
import { anthropicErrorType, toAnthropicErrorEnvelope } from './anthropic-error-envelope.js';
import { mapFinishReason } from './map-finish-reason.js';
import { toAnthropicMessage, toMessagesUsage } from './to-anthropic-message.js';

function completion(message: Record<string, unknown>, finish: string, extra = {}): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        logprobs: null,
        finish_reason: finish as never,
        ...extra,
      },
    ],
    usage: {
      prompt_tokens: 30,
      completion_tokens: 12,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 10 },
    },
  };
}

const OPTIONS = { id: 'msg_1', model: 'my-model' };

describe('toAnthropicMessage', () => {
  it('orders thinking, text and tool_use blocks, parses arguments and maps usage without cached input', () => {
    const { message, invalidToolArguments } = toAnthropicMessage(
      completion(
        {
          content: 'Let me look.',
          reasoning_content: 'The user wants weather.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'noop', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      OPTIONS,
    );
    expect(invalidToolArguments).toEqual([]);
    expect(message).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'my-model',
      content: [
        { type: 'thinking', thinking: 'The user wants weather.', signature: '' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'noop', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        output_tokens: 12,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 10,
      },
    });
  });

  it('keeps arguments that are not a JSON object as {} and names the tool', () => {
    const { message, invalidToolArguments } = toAnthropicMessage(
      completion(
        {
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'broken', arguments: '{"a":' } },
            { id: 'c2', type: 'function', function: { name: 'array', arguments: '[1]' } },
          ],
        },
        'tool_calls',
      ),
      OPTIONS,
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'c1', name: 'broken', input: {} },
      { type: 'tool_use', id: 'c2', name: 'array', input: {} },
    ]);
    expect(invalidToolArguments).toEqual(['broken', 'array']);
  });

  it('maps refusals, truncation, stop sequences and an empty answer', () => {
    expect(
      toAnthropicMessage(completion({ refusal: 'I cannot help.' }, 'stop'), OPTIONS).message,
    ).toMatchObject({
      content: [{ type: 'text', text: 'I cannot help.' }],
      stop_reason: 'refusal',
    });
    expect(toAnthropicMessage(completion({ content: 'Hel' }, 'length'), OPTIONS).message.stop_reason).toBe(
      'max_tokens',
    );
    expect(
      toAnthropicMessage(completion({ content: 'a b' }, 'stop', { stop_reason: 'END' }), {
        ...OPTIONS,
        stopSequences: ['END'],
      }).message,
    ).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    expect(toAnthropicMessage(completion({ content: '' }, 'stop'), OPTIONS).message).toMatchObject({
      content: [{ type: 'text', text: '' }],
      stop_reason: 'end_turn',
    });
  });
});

describe('mapFinishReason', () => {
  it.each([
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['length', true, 'max_tokens'],
    ['tool_calls', false, 'tool_use'],
    ['content_filter', false, 'refusal'],
    [null, false, 'end_turn'],
    ['something_new', false, 'end_turn'],
  ])('%s (tool calls: %s) → %s', (finish, tools, expected) => {
    expect(mapFinishReason(finish, tools, null, undefined).stop_reason).toBe(expected);
  });

  it('ignores a matched stop the client did not ask for', () => {
    expect(mapFinishReason('stop', false, 'END', ['OTHER'])).toEqual({
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
  });
});

describe('toMessagesUsage', () => {
  it('reads missing usage as zeros', () => {
    expect(toMessagesUsage(undefined)).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});

describe('toAnthropicErrorEnvelope', () => {
  it('keeps the status and picks the Anthropic type by it', () => {
    expect(toAnthropicErrorEnvelope(new GatewayError('invalid_api_key', 'Bad key.'), 'req_1')).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Bad key.' },
      request_id: 'req_1',
    });
    const types = (
      [
        'invalid_request',
        'permission_denied',
        'model_not_found',
        'request_too_large',
        'insufficient_quota',
        'local_rate_limit',
        'internal_error',
        'upstream_error',
        'upstream_unavailable',
        'upstream_timeout',
        'method_not_allowed',
      ] as const
    ).map((code) => anthropicErrorType(new GatewayError(code, 'x')));
    expect(types).toEqual([
      'invalid_request_error',
      'permission_error',
      'not_found_error',
      'request_too_large',
      'rate_limit_error',
      'rate_limit_error',
      'api_error',
      'api_error',
      'overloaded_error',
      'timeout_error',
      'invalid_request_error',
    ]);
  });
});
