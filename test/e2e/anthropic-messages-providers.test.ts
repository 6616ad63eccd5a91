import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_UPSTREAM_KEY, FakeAnthropicUpstream } from '../support/fake-anthropic-upstream.js';
import { FakeGeminiUpstream, GEMINI_KEY } from '../support/fake-gemini-upstream.js';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

/** Anthropic in, anything out: /v1/messages routed to an anthropic channel and to a gemini channel. */
describe('POST /v1/messages to anthropic and gemini channels through the official Anthropic SDK', () => {
  const openAi = new FakeOpenAiUpstream();
  const anthropic = new FakeAnthropicUpstream();
  const gemini = new FakeGeminiUpstream();
  let opt: TestOpt;
  let client: Anthropic;

  beforeAll(async () => {
    await Promise.all([openAi.start(), anthropic.start(), gemini.start()]);
    opt = await startTestOpt({
      upstreamUrl: openAi.url,
      yaml: {
        channels: `  - name: claude
    provider: anthropic
    base_url: ${anthropic.url}
    api_key: ${ANTHROPIC_UPSTREAM_KEY}
    models: [claude-test]
    model_map: { claude-test: claude-sonnet-4-20250514 }
  - name: gemini-main
    provider: gemini
    base_url: ${gemini.url}
    api_key: ${GEMINI_KEY}
    models: [gemini-flash]
    model_map: { gemini-flash: gemini-echo }
`,
      },
    });
    client = new Anthropic({ apiKey: CLIENT_KEY, baseURL: opt.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    await Promise.all([anthropic.close(), gemini.close(), openAi.close()]);
  });

  it('streams text then a tool call from an anthropic channel back in Anthropic events', async () => {
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 300,
      system: [{ type: 'text', text: 'You check the weather.' }],
      tools: [
        {
          name: 'get_weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([
      { type: 'text', text: 'Looking it up.' },
      { type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.model).toBe('claude-test');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 9, cache_read_input_tokens: 0 });
    expect(anthropic.requests.at(-1)!.body).toMatchObject({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 300,
      system: 'You check the weather.',
      stream: true,
      tool_choice: { type: 'any' },
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }],
    });

    const requestId = (await stream.withResponse()).response.headers.get('request-id');
    await opt.flushUsage();
    const record = (await fetchUsage(opt.url)).find((row) => row.request_id === requestId);
    expect(record).toMatchObject({
      endpoint: 'messages',
      channel: 'claude',
      served_model: 'claude-sonnet-4-20250514',
      stream: true,
      status: 'ok',
      prompt_tokens: 20,
      completion_tokens: 9,
    });
  });

  it('keeps cached input apart on a non-streamed anthropic answer', async () => {
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Bonjour!' }]);
    expect(message.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 4, output_tokens: 3 });
  });

  it('streams a gemini channel answer as Anthropic text events with its usage', async () => {
    const stream = client.messages.stream({
      model: 'gemini-flash',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(1);
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: hello there' }]);
    expect(message.stop_reason).toBe('end_turn');
    // Gemini: 12 prompt tokens (5 cached), 4 answer + 6 thinking tokens.
    expect(message.usage).toMatchObject({ input_tokens: 7, cache_read_input_tokens: 5, output_tokens: 10 });
    expect(gemini.lastRequest()).toMatchObject({
      method: 'streamGenerateContent',
      body: { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] },
    });
  });
});
