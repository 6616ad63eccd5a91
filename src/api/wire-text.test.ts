import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './chat-types.js';
import { forgetWireText, rememberWireText, toWireText, withoutTrailingNullUsage } from './wire-text.js';

const text =
  '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"obfuscation":"x7","usage":null}';

function parsed(): ChatCompletionChunk {
  const chunk = JSON.parse(text) as ChatCompletionChunk;
  rememberWireText(chunk, text);
  return chunk;
}

describe('wire text of relayed completions and chunks', () => {
  it('relays an unchanged chunk byte for byte, extras and field order included', () => {
    expect(toWireText(parsed())).toBe(text);
  });

  it('serialises afresh once the text is forgotten', () => {
    const chunk = parsed();
    chunk.choices[0]!.delta.role = 'assistant';
    forgetWireText(chunk);
    expect(JSON.parse(toWireText(chunk)).choices[0].delta).toEqual({ content: 'hi', role: 'assistant' });
  });

  it('drops a trailing "usage":null from the text, or falls back to serialising', () => {
    const chunk = parsed();
    chunk.usage = undefined;
    withoutTrailingNullUsage(chunk);
    expect(toWireText(chunk)).toBe(text.replace(',"usage":null}', '}'));

    const reordered = JSON.parse(text) as ChatCompletionChunk;
    rememberWireText(reordered, '{"usage":null,"id":"c"}');
    reordered.usage = undefined;
    withoutTrailingNullUsage(reordered);
    expect(toWireText(reordered)).not.toContain('usage');
  });
});
