import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/chat-types.js';
import { InvalidRequestError } from '../../api/gateway-error.js';
import { toGeminiRequest } from './to-gemini-request.js';

describe('toGeminiRequest', () => {
  it('maps roles, merges consecutive turns and moves system text to systemInstruction', () => {
    const body = toGeminiRequest({
      model: 'g',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        { role: 'assistant', content: 'Un logo.' },
      ],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Hi' },
          { text: 'What is this?' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
      { role: 'model', parts: [{ text: 'Un logo.' }] },
    ]);
    expect(body.generationConfig).toBeUndefined();
  });

  it('sends parallel tool calls as functionCall parts and tool results as functionResponse parts in order', () => {
    const body = toGeminiRequest({
      model: 'g',
      messages: [
        { role: 'user', content: 'Weather in Paris and Tokyo, and the time?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_b',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
            { id: 'call_c', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_c', content: '12:00' },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":18}' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '[1,2]' }] },
      ],
    });
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
        { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
        { functionCall: { name: 'get_time', args: {} } },
      ],
    });
    expect(body.contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_time', response: { content: '12:00' } } },
        { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
        { functionResponse: { name: 'get_weather', response: { content: '[1,2]' } } },
      ],
    });
    expect(body.contents).toHaveLength(3);
  });

  it('rejects a tool message that answers no earlier call', () => {
    expect(() =>
      toGeminiRequest({ model: 'g', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] }),
    ).toThrow(InvalidRequestError);
  });

  it('maps tools with reduced schemas, every tool_choice and the generation settings', () => {
    const base: ChatRequest = {
      model: 'g',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              additionalProperties: false,
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
        },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      max_completion_tokens: 100,
      stop: 'END',
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'r',
          schema: { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } },
        },
      },
    };
    const body = toGeminiRequest({ ...base, tool_choice: 'auto' });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          { name: 'get_time' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'integer' } } },
    });
    expect(toGeminiRequest({ ...base, tool_choice: 'none' }).toolConfig?.functionCallingConfig).toEqual({
      mode: 'NONE',
    });
    expect(toGeminiRequest({ ...base, tool_choice: 'required' }).toolConfig?.functionCallingConfig).toEqual({
      mode: 'ANY',
    });
    expect(
      toGeminiRequest({ ...base, tool_choice: { type: 'function', function: { name: 'get_time' } } })
        .toolConfig?.functionCallingConfig,
    ).toEqual({ mode: 'ANY', allowedFunctionNames: ['get_time'] });
    expect(
      toGeminiRequest({ model: 'g', messages: [], max_tokens: 7, response_format: { type: 'json_object' } })
        .generationConfig,
    ).toEqual({ maxOutputTokens: 7, responseMimeType: 'application/json' });
  });
});
