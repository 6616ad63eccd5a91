import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, FunctionTool } from '../api/chat-types.js';
import {
  approximatePromptTokens,
  approximateTokens,
  countTextTokens,
  estimatePromptTokens,
} from './estimate-tokens.js';

const weatherTool: FunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location'],
    },
  },
};

function requestWith(messages: ChatRequest['messages'], tools?: FunctionTool[]): ChatRequest {
  return tools ? { model: 'gpt-4o-mini', messages, tools } : { model: 'gpt-4o-mini', messages };
}

describe('countTextTokens', () => {
  beforeAll(async () => {
    // Loads the o200k rank table once, so the timing test below measures counting only.
    await countTextTokens('warm up');
  });

  it('counts known strings with the o200k_base encoding', async () => {
    expect(await countTextTokens('Hello world')).toBe(2);
    expect(await countTextTokens('Hello, world!')).toBe(4);
    expect(await countTextTokens('你好')).toBe(1);
  });

  it('counts nothing for an empty string', async () => {
    expect(await countTextTokens('')).toBe(0);
  });

  it('approximates very large text at four characters a token, quickly', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(50_000);
    const startedAt = performance.now();
    const tokens = await countTextTokens(text);
    expect(performance.now() - startedAt).toBeLessThan(200);
    expect(tokens).toBe(Math.ceil(text.length / 4));
  });
});

describe('estimatePromptTokens', () => {
  it('adds per-message framing to the text tokens', async () => {
    // 3 reply-priming tokens + (3 + 1) for the one message + 2 for "Hello world".
    expect(await estimatePromptTokens(requestWith([{ role: 'user', content: 'Hello world' }]))).toBe(9);
  });

  it('grows with every message', async () => {
    const one = await estimatePromptTokens(requestWith([{ role: 'user', content: 'Hello world' }]));
    const two = await estimatePromptTokens(
      requestWith([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello world' },
      ]),
    );
    const three = await estimatePromptTokens(
      requestWith([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello world' },
        { role: 'assistant', content: 'Hi! How can I help?' },
      ]),
    );
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThan(two);
  });

  it('counts tool definitions', async () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: 'Weather in Paris?' }];
    const without = await estimatePromptTokens(requestWith(messages));
    const withOne = await estimatePromptTokens(requestWith(messages, [weatherTool]));
    const withTwo = await estimatePromptTokens(
      requestWith(messages, [weatherTool, { type: 'function', function: { name: 'get_time' } }]),
    );
    expect(withOne - without).toBe(await countTextTokens(JSON.stringify([weatherTool])));
    expect(withTwo).toBeGreaterThan(withOne);
    expect(await estimatePromptTokens(requestWith(messages, []))).toBe(without);
  });

  it('counts text parts, names and assistant tool calls, but not images', async () => {
    const base = await estimatePromptTokens(requestWith([{ role: 'user', content: 'Hello world' }]));
    const withImage = await estimatePromptTokens(
      requestWith([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello world' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ]),
    );
    expect(withImage).toBe(base);
    const named = await estimatePromptTokens(
      requestWith([{ role: 'user', content: 'Hello world', name: 'ada' }]),
    );
    expect(named).toBe(base + 1 + (await countTextTokens('ada')));
    const withCall = await estimatePromptTokens(
      requestWith([
        { role: 'user', content: 'Hello world' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_Vq2LmX8nR4tYpK6dW0sJhB3e',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' },
            },
          ],
        },
      ]),
    );
    expect(withCall).toBeGreaterThan(base + 4);
  });

  it('approximates a very large prompt quickly', async () => {
    const huge = 'lorem ipsum dolor sit amet '.repeat(40_000);
    const request = requestWith([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: huge },
    ]);
    await estimatePromptTokens(requestWith([{ role: 'user', content: 'warm up' }]));
    const startedAt = performance.now();
    const tokens = await estimatePromptTokens(request);
    expect(performance.now() - startedAt).toBeLessThan(200);
    const characters = 'Be brief.'.length + huge.length;
    expect(tokens).toBe(3 + 2 * 4 + Math.ceil(characters / 4));
  });
});

describe('approximateTokens (requests cut off before the upstream counted)', () => {
  it('counts about four Latin characters a token and one token per CJK character', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('abcdefgh')).toBe(2);
    expect(approximateTokens('你好世界')).toBe(4);
    expect(approximateTokens('你好 abcd')).toBe(2 + 2);
  });

  it('adds message framing to the prompt approximation', () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'abcdefgh' }] };
    expect(approximatePromptTokens(request)).toBe(3 + 3 + 1 + 2);
  });
});
