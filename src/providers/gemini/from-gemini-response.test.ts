import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createUpstreamTarget } from '../../../test/support/upstream-target.js';
import { UpstreamError } from '../../api/gateway-error.js';
import { fromGeminiResponse } from './from-gemini-response.js';
import type { GeminiResponse } from './gemini-wire.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

const target = createUpstreamTarget({
  channel: 'gem',
  provider: 'gemini',
  upstreamModel: 'gemini-2.5-flash',
});

function fixture(name: string): GeminiResponse {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'),
  ) as GeminiResponse;
}

describe('fromGeminiResponse', () => {
  it('joins text parts and maps usage', () => {
    expect(fromGeminiResponse(fixture('text.json'), target, 1_700_000_000)).toEqual({
      id: 'chatcmpl-mE3kaPKfJ4q1nvgPpsiAsAc',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello there!', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 },
    });
  });

  it('turns parallel function calls into tool calls with generated ids and finish tool_calls', () => {
    const choice = fromGeminiResponse(fixture('parallel-function-calls.json'), target, 0).choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('returns thoughts as reasoning_content and counts thoughts and cached tokens', () => {
    const completion = fromGeminiResponse(fixture('thinking-cached.json'), target, 0);
    expect(completion.choices[0]!.message).toMatchObject({
      content: '2 + 2 = 4',
      reasoning_content: '**Adding numbers**\nTwo plus two is four.',
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 57,
      total_tokens: 1257,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 50 },
    });
  });

  it('maps a safety stop and a blocked prompt to content_filter', () => {
    expect(fromGeminiResponse(fixture('safety.json'), target, 0).choices[0]!.finish_reason).toBe(
      'content_filter',
    );
    const blocked = fromGeminiResponse(fixture('prompt-blocked.json'), target, 0);
    expect(blocked.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } });
    expect(blocked.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 0, total_tokens: 9 });
  });

  it('throws an UpstreamError for a malformed function call instead of reporting stop', () => {
    expect(() => fromGeminiResponse(fixture('malformed-function-call.json'), target, 0)).toThrow(
      /MALFORMED_FUNCTION_CALL/,
    );
    expect(() => fromGeminiResponse(fixture('malformed-function-call.json'), target, 0)).toThrow(
      UpstreamError,
    );
  });

  it('rejects an answer with neither candidates nor a block reason', () => {
    expect(() => fromGeminiResponse({}, target, 0)).toThrow(UpstreamError);
  });
});

describe('mapGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['OTHER', false, 'stop'],
  ] as const)('%s (tool calls: %s) → %s', (reason, hasToolCalls, expected) => {
    expect(mapGeminiFinishReason(reason, hasToolCalls)).toEqual({ kind: 'finish', reason: expected });
  });

  it('marks MALFORMED_FUNCTION_CALL as an error', () => {
    expect(mapGeminiFinishReason('MALFORMED_FUNCTION_CALL', false)).toEqual({
      kind: 'error',
      upstreamReason: 'MALFORMED_FUNCTION_CALL',
    });
  });
});
