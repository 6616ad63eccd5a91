import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk } from '../../api/chat-types.js';
import { rememberWireText, toWireText } from '../../api/wire-text.js';
import {
  moveChunkReasoning,
  moveCompletionReasoning,
  moveReasoningField,
} from './openai-compatible-reasoning.js';

describe('moving reasoning to reasoning_content', () => {
  it('moves the vendor field, keeps an existing reasoning_content, and reports changes', () => {
    const delta: Record<string, unknown> = { reasoning: 'think' };
    expect(moveReasoningField(delta, 'reasoning')).toBe(true);
    expect(delta).toEqual({ reasoning_content: 'think' });
    const both: Record<string, unknown> = { reasoning: 'a', reasoning_content: 'b' };
    moveReasoningField(both, 'reasoning');
    expect(both).toEqual({ reasoning_content: 'b' });
    const nulled: Record<string, unknown> = { content: 'x', reasoning: null };
    moveReasoningField(nulled, 'reasoning');
    expect(nulled).toEqual({ content: 'x' });
    expect(moveReasoningField({ content: 'x' }, 'reasoning')).toBe(false);
  });

  it('re-serialises only the chunks and completions it changed', () => {
    const text =
      '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning":"r"},"finish_reason":null}]}';
    const chunk = JSON.parse(text) as ChatCompletionChunk;
    rememberWireText(chunk, text);
    moveChunkReasoning(chunk, 'reasoning');
    expect(JSON.parse(toWireText(chunk)).choices[0].delta).toEqual({ reasoning_content: 'r' });

    const plainText = '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}';
    const plain = JSON.parse(plainText) as ChatCompletionChunk;
    rememberWireText(plain, plainText);
    moveChunkReasoning(plain, 'reasoning');
    expect(toWireText(plain)).toBe(plainText);

    const completion = {
      choices: [
        { index: 0, message: { role: 'assistant', content: 'a', reasoning: 'b' }, finish_reason: 'stop' },
      ],
    } as unknown as ChatCompletion;
    rememberWireText(completion, '{}');
    moveCompletionReasoning(completion, 'reasoning');
    expect(JSON.parse(toWireText(completion)).choices[0].message).toEqual({
      role: 'assistant',
      content: 'a',
      reasoning_content: 'b',
    });
  });
});
