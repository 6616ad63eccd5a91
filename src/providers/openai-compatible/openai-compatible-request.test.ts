import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../api/chat-types.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.js';
import { OPENAI_QUIRKS, type OpenAiCompatibleQuirks } from './openai-compatible-quirks.js';
import { toOpenAiCompatibleBody } from './openai-compatible-request.js';

const REQUEST: ChatRequest = {
  model: 'public-model',
  messages: [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello', reasoning_content: 'They greet me.' },
    { role: 'user', content: 'Again' },
  ],
  stream_options: { include_usage: false },
  vendor_extra: { keep: true },
} as ChatRequest;

function quirks(overrides: Partial<OpenAiCompatibleQuirks>): OpenAiCompatibleQuirks {
  return { ...OPENAI_QUIRKS, ...overrides };
}

describe('toOpenAiCompatibleBody', () => {
  it("forwards OpenAI's requests as sent, model rewritten, unknown fields kept", () => {
    const body = toOpenAiCompatibleBody(REQUEST, 'upstream-model', OPENAI_QUIRKS, false);
    expect(body).toEqual({ ...REQUEST, model: 'upstream-model' });
    expect(body.messages).toBe(REQUEST.messages);
  });

  it('always asks for usage on streams (streamUsage)', () => {
    const body = toOpenAiCompatibleBody(REQUEST, 'm', OPENAI_QUIRKS, true);
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends no stream_options to vendors that reject them (streamUsage: false)', () => {
    const body = toOpenAiCompatibleBody(REQUEST, 'm', quirks({ streamUsage: false }), true);
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('drops the fields the vendor refuses (dropParams)', () => {
    const request = { ...REQUEST, logprobs: true, top_logprobs: 2, temperature: 0.5 } as ChatRequest;
    const body = toOpenAiCompatibleBody(
      request,
      'm',
      quirks({ dropParams: ['logprobs', 'top_logprobs'] }),
      false,
    );
    expect(body).not.toHaveProperty('logprobs');
    expect(body).not.toHaveProperty('top_logprobs');
    expect(body.temperature).toBe(0.5);
  });

  it("renames the output cap to the vendor's name, its own winning when both came (maxTokensField)", () => {
    const toMax = quirks({ maxTokensField: 'max_tokens' });
    expect(
      toOpenAiCompatibleBody({ ...REQUEST, max_completion_tokens: 99 }, 'm', toMax, false),
    ).toMatchObject({
      max_tokens: 99,
    });
    const both = toOpenAiCompatibleBody(
      { ...REQUEST, max_tokens: 5, max_completion_tokens: 99 },
      'm',
      toMax,
      false,
    );
    expect(both.max_tokens).toBe(5);
    expect(both).not.toHaveProperty('max_completion_tokens');
    const toCompletion = quirks({ maxTokensField: 'max_completion_tokens' });
    const renamed = toOpenAiCompatibleBody({ ...REQUEST, max_tokens: 7 }, 'm', toCompletion, false);
    expect(renamed).toMatchObject({ max_completion_tokens: 7 });
    expect(renamed).not.toHaveProperty('max_tokens');
    expect(toOpenAiCompatibleBody({ ...REQUEST, max_tokens: 7 }, 'm', OPENAI_QUIRKS, false)).toMatchObject({
      max_tokens: 7,
    });
  });

  it('removes thinking text from assistant messages for vendors that refuse it (stripReasoningInput)', () => {
    const request = {
      ...REQUEST,
      messages: [...REQUEST.messages, { role: 'assistant', content: 'x', reasoning: 'y' }],
    } as ChatRequest;
    const body = toOpenAiCompatibleBody(request, 'm', quirks({ stripReasoningInput: true }), false);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Again' },
      { role: 'assistant', content: 'x' },
    ]);
    // The client's request is left as it was (it may be retried on another channel).
    expect(REQUEST.messages[1]).toHaveProperty('reasoning_content');
    expect(toOpenAiCompatibleBody(REQUEST, 'm', OPENAI_QUIRKS, false).messages).toBe(REQUEST.messages);
  });

  it('has a documented base URL for every preset', () => {
    for (const preset of OPENAI_COMPATIBLE_PRESETS.values()) {
      expect(preset.baseUrl).toMatch(/^https?:\/\/[^/]+(\/[\w./-]*[^/])?$/);
    }
    expect(OPENAI_COMPATIBLE_PRESETS.get('mistral')?.quirks).toMatchObject({
      streamUsage: false,
      stripReasoningInput: true,
    });
    expect(OPENAI_COMPATIBLE_PRESETS.get('deepseek')?.quirks.stripReasoningInput).toBe(false);
  });
});
