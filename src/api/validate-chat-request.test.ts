import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './gateway-error.js';
import {
  MAX_CONTENT_PARTS,
  MAX_LOGIT_BIAS_ENTRIES,
  MAX_MESSAGES,
  MAX_TOOL_CALLS,
  MAX_TOOLS,
  validateChatRequest,
} from './validate-chat-request.js';

type Body = Record<string, unknown>;

const user = (content: unknown = 'Hi'): Body => ({ role: 'user', content });
const toolCall = (id = 'call_1', name = 'get_weather'): Body => ({
  id,
  type: 'function',
  function: { name, arguments: '{"city":"Paris"}' },
});
const assistantCalling = (...calls: Body[]): Body => ({
  role: 'assistant',
  content: null,
  tool_calls: calls,
});
const tool = (name: string, extra: Body = {}): Body => ({ type: 'function', function: { name, ...extra } });
const withMessages = (...messages: unknown[]): Body => ({ messages });
const withUserPart = (part: unknown): Body => withMessages(user([part]));
const withToolCall = (call: unknown): Body => withMessages(user(), { role: 'assistant', tool_calls: [call] });

function baseRequest(patch: Body = {}): Body {
  return { model: 'gpt-4o', messages: [user()], ...patch };
}

function validationError(body: unknown): InvalidRequestError {
  try {
    validateChatRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected validateChatRequest to throw');
}

describe('validateChatRequest: valid requests', () => {
  it('accepts a rich request and returns the same object, with nulls removed and unknown fields kept', () => {
    const body: Body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.', name: null },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          name: 'ada',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: null } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_id: 'file-1', filename: null } },
          ],
        },
        {
          ...assistantCalling(toolCall('call_1'), toolCall('call_2')),
          refusal: null,
          reasoning_content: null,
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '19C' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Mild.' },
            { type: 'refusal', refusal: 'No.' },
          ],
        },
        { role: 'user', content: '' },
      ],
      tools: [
        tool('get_weather', { description: 'Weather by city', parameters: { type: 'object' }, strict: true }),
        tool('get_time', { description: null, parameters: null }),
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: null },
      max_completion_tokens: 512,
      max_tokens: 256,
      temperature: 0,
      top_p: 1,
      n: 2,
      stop: ['\n\n', 'END'],
      seed: -7,
      presence_penalty: -2,
      frequency_penalty: 2,
      logit_bias: { '50256': -100, '11': 100 },
      logprobs: true,
      top_logprobs: 20,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: {}, strict: null } },
      user: 'user-42',
      metadata: { trace: 'abc' },
      reasoning_effort: 'low',
      functions: null,
      safety_identifier: null,
    };
    const result = validateChatRequest(body);
    expect(result).toBe(body);
    expect(result.metadata).toEqual({ trace: 'abc' });
    expect(result.reasoning_effort).toBe('low');
    expect('functions' in result).toBe(false);
    // Unknown fields are never touched, not even an explicit null.
    expect('safety_identifier' in result).toBe(true);
    expect(result.stream_options).toEqual({ include_usage: true });
    expect(result.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'weather', schema: {} },
    });
    expect(result.tools?.[1]).toEqual({ type: 'function', function: { name: 'get_time' } });
    expect('name' in (result.messages[0] as object)).toBe(false);
    expect(result.messages[2]?.content).toContainEqual({
      type: 'image_url',
      image_url: { url: 'https://example.com/a.png' },
    });
    expect(result.messages[3]).toMatchObject({ content: null, refusal: null, reasoning_content: null });
  });

  it('removes every optional top-level null', () => {
    const nullable = [
      'max_completion_tokens',
      'max_tokens',
      'temperature',
      'top_p',
      'n',
      'stream',
      'stream_options',
      'stop',
      'seed',
      'presence_penalty',
      'frequency_penalty',
      'logit_bias',
      'logprobs',
      'top_logprobs',
      'response_format',
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'user',
      'function_call',
    ];
    const body = baseRequest(Object.fromEntries(nullable.map((key) => [key, null])));
    expect(Object.keys(validateChatRequest(body)).sort()).toEqual(['messages', 'model']);
  });

  it.each<[string, Body]>([
    ['a stop string', { stop: 'END' }],
    ['4 stop sequences', { stop: ['a', 'b', 'c', 'd'] }],
    ['boundary numbers', { temperature: 2, top_p: 0, n: 128, presence_penalty: 2, frequency_penalty: -2 }],
    ['tool_choice strings', { tool_choice: 'none' }],
    ['tool_choice required with tools', { tools: [tool('a')], tool_choice: 'required' }],
    ['tool_choice auto without tools', { tool_choice: 'auto' }],
    ['response_format text', { response_format: { type: 'text' } }],
    ['response_format json_object', { response_format: { type: 'json_object' } }],
    ['an empty tools array', { tools: [] }],
    ['stream false without stream_options', { stream: false }],
    ['top_logprobs 0 with logprobs', { logprobs: true, top_logprobs: 0 }],
    [
      'a file part with file_data',
      withUserPart({ type: 'file', file: { file_data: 'JVBERi0=', filename: 'a.pdf' } }),
    ],
    [
      'assistant content string with empty tool_calls',
      withMessages(user(), { role: 'assistant', content: 'ok', tool_calls: [] }),
    ],
    [
      'assistant tool_calls null with content',
      withMessages(user(), { role: 'assistant', content: 'ok', tool_calls: null }),
    ],
    [
      'a tool answering an older assistant message',
      withMessages(
        user(),
        assistantCalling(toolCall('call_a')),
        { role: 'tool', tool_call_id: 'call_a', content: 'x' },
        user(),
        { role: 'assistant', content: 'y' },
        { role: 'tool', tool_call_id: 'call_a', content: 'z' },
      ),
    ],
    ['MAX_MESSAGES messages', withMessages(...Array.from({ length: MAX_MESSAGES }, () => user()))],
  ])('accepts %s', (_name, patch) => {
    const body = baseRequest(patch);
    expect(validateChatRequest(body)).toBe(body);
  });
});

describe('validateChatRequest: invalid requests', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [{ model: 'gpt-4o' }]],
    ['a string', 'hello'],
    ['a number', 42],
  ])('rejects a body that is %s with param null', (_name, body) => {
    const error = validationError(body);
    expect(error.status).toBe(400);
    expect(error.param).toBeNull();
  });

  it.each<[string, Body, string]>([
    // Legacy function calling.
    ['functions', { functions: [{ name: 'f' }] }, 'functions'],
    ['function_call', { function_call: 'auto' }, 'function_call'],
    [
      'the function role',
      withMessages(user(), { role: 'function', name: 'f', content: 'x' }),
      'messages[1].role',
    ],
    // model
    ['missing model', { model: undefined }, 'model'],
    ['null model', { model: null }, 'model'],
    ['empty model', { model: '' }, 'model'],
    ['non-string model', { model: 4 }, 'model'],
    ['over-long model', { model: 'm'.repeat(257) }, 'model'],
    // messages
    ['missing messages', { messages: undefined }, 'messages'],
    ['non-array messages', { messages: { role: 'user' } }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    [
      'too many messages',
      withMessages(...Array.from({ length: MAX_MESSAGES + 1 }, () => user())),
      'messages',
    ],
    ['a non-object message', withMessages(user(), 'hi'), 'messages[1]'],
    ['a missing role', withMessages({ content: 'hi' }), 'messages[0].role'],
    ['an unknown role', withMessages({ role: 'bot', content: 'hi' }), 'messages[0].role'],
    ['a non-string name', withMessages({ role: 'user', content: 'hi', name: 7 }), 'messages[0].name'],
    ['system without content', withMessages({ role: 'system' }), 'messages[0].content'],
    ['user content null', withMessages(user(null)), 'messages[0].content'],
    ['user content number', withMessages(user(5)), 'messages[0].content'],
    ['empty content array', withMessages(user([])), 'messages[0].content'],
    [
      'too many parts',
      withMessages(user(Array.from({ length: MAX_CONTENT_PARTS + 1 }, () => ({ type: 'text', text: 'a' })))),
      'messages[0].content',
    ],
    ['a non-object part', withMessages(user(['hi'])), 'messages[0].content[0]'],
    ['a part without type', withUserPart({ text: 'hi' }), 'messages[0].content[0].type'],
    ['an unknown part type', withUserPart({ type: 'video', video: {} }), 'messages[0].content[0].type'],
    ['a text part without text', withUserPart({ type: 'text' }), 'messages[0].content[0].text'],
    ['a non-string text', withUserPart({ type: 'text', text: ['a'] }), 'messages[0].content[0].text'],
    [
      'an image part in system content',
      withMessages({ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }),
      'messages[0].content[0].type',
    ],
    [
      'a refusal part in user content',
      withUserPart({ type: 'refusal', refusal: 'no' }),
      'messages[0].content[0].type',
    ],
    [
      'image_url as a string',
      withUserPart({ type: 'image_url', image_url: 'https://x' }),
      'messages[0].content[0].image_url',
    ],
    [
      'image without url',
      withUserPart({ type: 'image_url', image_url: {} }),
      'messages[0].content[0].image_url.url',
    ],
    [
      'image bad detail',
      withUserPart({ type: 'image_url', image_url: { url: 'u', detail: 'ultra' } }),
      'messages[0].content[0].image_url.detail',
    ],
    [
      'audio without format',
      withUserPart({ type: 'input_audio', input_audio: { data: 'AA==' } }),
      'messages[0].content[0].input_audio.format',
    ],
    ['audio without object', withUserPart({ type: 'input_audio' }), 'messages[0].content[0].input_audio'],
    [
      'file without id or data',
      withUserPart({ type: 'file', file: { filename: 'a.pdf' } }),
      'messages[0].content[0].file',
    ],
    [
      'file with numeric file_id',
      withUserPart({ type: 'file', file: { file_id: 1 } }),
      'messages[0].content[0].file.file_id',
    ],
    // assistant
    [
      'assistant without content or tool_calls',
      withMessages(user(), { role: 'assistant' }),
      'messages[1].content',
    ],
    [
      'assistant null content, empty tool_calls',
      withMessages(user(), { role: 'assistant', content: null, tool_calls: [] }),
      'messages[1].content',
    ],
    [
      'assistant image part',
      withMessages(user(), { role: 'assistant', content: [{ type: 'image_url', image_url: { url: 'u' } }] }),
      'messages[1].content[0].type',
    ],
    [
      'assistant refusal not a string',
      withMessages(user(), { role: 'assistant', content: 'x', refusal: 1 }),
      'messages[1].refusal',
    ],
    [
      'assistant reasoning_content object',
      withMessages(user(), { role: 'assistant', content: 'x', reasoning_content: {} }),
      'messages[1].reasoning_content',
    ],
    [
      'tool_calls not an array',
      withMessages(user(), { role: 'assistant', tool_calls: toolCall() }),
      'messages[1].tool_calls',
    ],
    [
      'too many tool_calls',
      withMessages(
        user(),
        assistantCalling(...Array.from({ length: MAX_TOOL_CALLS + 1 }, (_, i) => toolCall(`c${i}`))),
      ),
      'messages[1].tool_calls',
    ],
    ['a non-object tool call', withToolCall('call_1'), 'messages[1].tool_calls[0]'],
    [
      'a tool call without id',
      withToolCall({ ...toolCall(), id: undefined }),
      'messages[1].tool_calls[0].id',
    ],
    ['a tool call with empty id', withToolCall({ ...toolCall(), id: '' }), 'messages[1].tool_calls[0].id'],
    [
      'a tool call of another type',
      withToolCall({ ...toolCall(), type: 'custom' }),
      'messages[1].tool_calls[0].type',
    ],
    [
      'a tool call without function',
      withToolCall({ id: 'c', type: 'function' }),
      'messages[1].tool_calls[0].function',
    ],
    [
      'a tool call without name',
      withToolCall({ id: 'c', type: 'function', function: { arguments: '{}' } }),
      'messages[1].tool_calls[0].function.name',
    ],
    [
      'object arguments',
      withToolCall({ id: 'c', type: 'function', function: { name: 'f', arguments: { a: 1 } } }),
      'messages[1].tool_calls[0].function.arguments',
    ],
    // tool
    [
      'tool without tool_call_id',
      withMessages(user(), assistantCalling(toolCall()), { role: 'tool', content: 'x' }),
      'messages[2].tool_call_id',
    ],
    [
      'tool with numeric tool_call_id',
      withMessages(user(), assistantCalling(toolCall()), { role: 'tool', content: 'x', tool_call_id: 1 }),
      'messages[2].tool_call_id',
    ],
    [
      'tool answering an unknown id',
      withMessages(user(), assistantCalling(toolCall('call_1')), {
        role: 'tool',
        content: 'x',
        tool_call_id: 'call_9',
      }),
      'messages[2].tool_call_id',
    ],
    [
      'tool answering a later call',
      withMessages(
        user(),
        { role: 'tool', content: 'x', tool_call_id: 'call_1' },
        assistantCalling(toolCall('call_1')),
      ),
      'messages[1].tool_call_id',
    ],
    [
      'tool without content',
      withMessages(user(), assistantCalling(toolCall()), { role: 'tool', tool_call_id: 'call_1' }),
      'messages[2].content',
    ],
    [
      'tool with empty content',
      withMessages(user(), assistantCalling(toolCall()), {
        role: 'tool',
        tool_call_id: 'call_1',
        content: [],
      }),
      'messages[2].content',
    ],
    // Numbers and booleans.
    ['max_completion_tokens 0', { max_completion_tokens: 0 }, 'max_completion_tokens'],
    ['max_completion_tokens fractional', { max_completion_tokens: 1.5 }, 'max_completion_tokens'],
    ['max_tokens as a string', { max_tokens: '100' }, 'max_tokens'],
    ['temperature 3', { temperature: 3 }, 'temperature'],
    ['temperature negative', { temperature: -0.1 }, 'temperature'],
    ['temperature NaN', { temperature: Number.NaN }, 'temperature'],
    ['temperature Infinity', { temperature: Number.POSITIVE_INFINITY }, 'temperature'],
    ['top_p 1.5', { top_p: 1.5 }, 'top_p'],
    ['n 0', { n: 0 }, 'n'],
    ['n 129', { n: 129 }, 'n'],
    ['stream as a string', { stream: 'true' }, 'stream'],
    ['seed fractional', { seed: 1.2 }, 'seed'],
    ['presence_penalty -3', { presence_penalty: -3 }, 'presence_penalty'],
    ['frequency_penalty 2.5', { frequency_penalty: 2.5 }, 'frequency_penalty'],
    ['logprobs as a number', { logprobs: 1 }, 'logprobs'],
    ['top_logprobs 21', { logprobs: true, top_logprobs: 21 }, 'top_logprobs'],
    ['top_logprobs without logprobs', { top_logprobs: 2 }, 'top_logprobs'],
    ['top_logprobs with logprobs false', { logprobs: false, top_logprobs: 2 }, 'top_logprobs'],
    ['parallel_tool_calls as a string', { parallel_tool_calls: 'no' }, 'parallel_tool_calls'],
    ['user as a number', { user: 42 }, 'user'],
    ['over-long user', { user: 'u'.repeat(257) }, 'user'],
    // stream_options
    ['stream_options without stream', { stream_options: { include_usage: true } }, 'stream_options'],
    ['stream_options with stream false', { stream: false, stream_options: {} }, 'stream_options'],
    ['stream_options not an object', { stream: true, stream_options: true }, 'stream_options'],
    [
      'include_usage as a string',
      { stream: true, stream_options: { include_usage: 'yes' } },
      'stream_options.include_usage',
    ],
    [
      'include_obfuscation as a number',
      { stream: true, stream_options: { include_obfuscation: 0 } },
      'stream_options.include_obfuscation',
    ],
    // stop
    ['stop as a number', { stop: 5 }, 'stop'],
    ['empty stop array', { stop: [] }, 'stop'],
    ['5 stop sequences', { stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    ['a non-string stop', { stop: ['a', 1] }, 'stop[1]'],
    // logit_bias
    ['logit_bias as an array', { logit_bias: [1] }, 'logit_bias'],
    ['logit_bias out of range', { logit_bias: { '1': 101 } }, 'logit_bias'],
    ['logit_bias fractional', { logit_bias: { '1': 0.5 } }, 'logit_bias'],
    [
      'too many logit_bias entries',
      {
        logit_bias: Object.fromEntries(
          Array.from({ length: MAX_LOGIT_BIAS_ENTRIES + 1 }, (_, i) => [String(i), 1]),
        ),
      },
      'logit_bias',
    ],
    // response_format
    ['response_format as a string', { response_format: 'json' }, 'response_format'],
    ['response_format without type', { response_format: {} }, 'response_format.type'],
    ['response_format unknown type', { response_format: { type: 'xml' } }, 'response_format.type'],
    ['json_schema missing', { response_format: { type: 'json_schema' } }, 'response_format.json_schema'],
    [
      'json_schema name missing',
      { response_format: { type: 'json_schema', json_schema: { schema: {} } } },
      'response_format.json_schema.name',
    ],
    [
      'json_schema bad name',
      { response_format: { type: 'json_schema', json_schema: { name: 'my schema' } } },
      'response_format.json_schema.name',
    ],
    [
      'json_schema name too long',
      { response_format: { type: 'json_schema', json_schema: { name: 'a'.repeat(65) } } },
      'response_format.json_schema.name',
    ],
    [
      'json_schema schema array',
      { response_format: { type: 'json_schema', json_schema: { name: 'n', schema: [] } } },
      'response_format.json_schema.schema',
    ],
    [
      'json_schema strict string',
      { response_format: { type: 'json_schema', json_schema: { name: 'n', strict: 'yes' } } },
      'response_format.json_schema.strict',
    ],
    // tools
    ['tools as an object', { tools: tool('a') }, 'tools'],
    ['too many tools', { tools: Array.from({ length: MAX_TOOLS + 1 }, (_, i) => tool(`t${i}`)) }, 'tools'],
    ['a non-object tool', { tools: ['a'] }, 'tools[0]'],
    ['a non-function tool', { tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    ['a tool without function', { tools: [{ type: 'function' }] }, 'tools[0].function'],
    [
      'a tool without name',
      { tools: [tool('a'), { type: 'function', function: {} }] },
      'tools[1].function.name',
    ],
    ['a tool name with a space', { tools: [tool('get weather')] }, 'tools[0].function.name'],
    ['a tool name of 65 chars', { tools: [tool('a'.repeat(65))] }, 'tools[0].function.name'],
    ['duplicate tool names', { tools: [tool('a'), tool('b'), tool('a')] }, 'tools[2].function.name'],
    ['a numeric description', { tools: [tool('a', { description: 1 })] }, 'tools[0].function.description'],
    ['array parameters', { tools: [tool('a', { parameters: [] })] }, 'tools[0].function.parameters'],
    ['string strict', { tools: [tool('a', { strict: 'true' })] }, 'tools[0].function.strict'],
    // tool_choice
    ['tool_choice unknown string', { tool_choice: 'any' }, 'tool_choice'],
    ['tool_choice required without tools', { tool_choice: 'required' }, 'tool_choice'],
    ['tool_choice required with empty tools', { tools: [], tool_choice: 'required' }, 'tool_choice'],
    [
      'tool_choice named without tools',
      { tool_choice: { type: 'function', function: { name: 'a' } } },
      'tool_choice',
    ],
    [
      'tool_choice names an absent function',
      { tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'b' } } },
      'tool_choice',
    ],
    [
      'tool_choice of another type',
      { tools: [tool('a')], tool_choice: { type: 'allowed_tools' } },
      'tool_choice.type',
    ],
    [
      'tool_choice without function',
      { tools: [tool('a')], tool_choice: { type: 'function' } },
      'tool_choice.function',
    ],
    [
      'tool_choice without name',
      { tools: [tool('a')], tool_choice: { type: 'function', function: {} } },
      'tool_choice.function.name',
    ],
    ['tool_choice as a number', { tool_choice: 1 }, 'tool_choice'],
  ])('rejects %s', (_name, patch, param) => {
    const error = validationError(baseRequest(patch));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });
});

describe('validateChatRequest: error messages', () => {
  it('says what was expected and what arrived', () => {
    expect(validationError(baseRequest({ temperature: 3 })).message).toBe(
      "Invalid value for 'temperature': expected a number between 0 and 2, got 3.",
    );
    expect(validationError(baseRequest({ model: undefined })).message).toBe(
      "Missing required parameter: 'model'.",
    );
  });

  it('truncates echoed values', () => {
    const huge = 'x'.repeat(100_000);
    for (const body of [
      baseRequest({ model: huge }),
      baseRequest({ tools: [tool(huge)] }),
      baseRequest({ logit_bias: { [huge]: 500 } }),
    ]) {
      const error = validationError(body);
      expect(error.message.length).toBeLessThan(300);
      expect(error.message).toContain('x'.repeat(50));
      expect(error.message).not.toContain('x'.repeat(51));
    }
  });

  it('names the offending field of nested tool-call arguments', () => {
    const error = validationError(
      baseRequest(withToolCall({ id: 'c', type: 'function', function: { name: 'f' } })),
    );
    expect(error.toEnvelope()).toEqual({
      error: {
        message:
          "Invalid value for 'messages[1].tool_calls[0].function.arguments': expected a string containing JSON, got nothing.",
        type: 'invalid_request_error',
        param: 'messages[1].tool_calls[0].function.arguments',
        code: null,
      },
    });
  });
});
