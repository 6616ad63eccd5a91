import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEEPSEEK_PROFILE,
  FakeCompatibleVendorUpstream,
  GROQ_PROFILE,
  MISTRAL_PROFILE,
  OPENROUTER_PROFILE,
  VENDOR_KEY,
} from '../support/fake-compatible-vendor-upstream.js';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { ADMIN_KEY, CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

type ReasoningDelta = OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };

/** Streams `model` and folds what a client sees: content, reasoning_content, the usage chunk. */
async function readStream(client: OpenAI, model: string, includeUsage: boolean) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'What is 2 + 2?' }],
    stream: true,
    ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  let content = '';
  let reasoning = '';
  const usages: OpenAI.CompletionUsage[] = [];
  for await (const chunk of stream) {
    if (chunk.usage) usages.push(chunk.usage);
    const delta = chunk.choices[0]?.delta as ReasoningDelta | undefined;
    content += delta?.content ?? '';
    reasoning += delta?.reasoning_content ?? '';
  }
  return { content, reasoning, usages };
}

describe('OpenAI-compatible vendor presets through the official openai SDK', () => {
  const openAiUpstream = new FakeOpenAiUpstream();
  const vendors = {
    deepseek: new FakeCompatibleVendorUpstream(DEEPSEEK_PROFILE),
    openrouter: new FakeCompatibleVendorUpstream(OPENROUTER_PROFILE),
    groq: new FakeCompatibleVendorUpstream(GROQ_PROFILE),
    mistral: new FakeCompatibleVendorUpstream(MISTRAL_PROFILE),
  };
  let opt: TestOpt;
  let client: OpenAI;

  beforeAll(async () => {
    await openAiUpstream.start();
    for (const vendor of Object.values(vendors)) await vendor.start();
    const channel = (name: keyof typeof vendors, models: Record<string, string>) => `  - name: ${name}
    provider: ${name}
    base_url: ${vendors[name].url}
    api_key: ${VENDOR_KEY}
    models: [${Object.keys(models).join(', ')}]
    model_map: { ${Object.entries(models)
      .map(([publicId, upstreamId]) => `${publicId}: ${upstreamId}`)
      .join(', ')} }
`;
    opt = await startTestOpt({
      upstreamUrl: openAiUpstream.url,
      yaml: {
        channels: [
          channel('deepseek', { 'ds-reasoner': 'conf-reasoning', 'ds-thinking': 'deepseek-reasoner' }),
          channel('openrouter', { 'or-reasoner': 'conf-reasoning' }),
          channel('groq', { 'groq-chat': 'llama-3.3-70b-versatile' }),
          channel('mistral', { 'mistral-text': 'conf-text' }),
        ].join(''),
      },
    });
    client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    for (const vendor of Object.values(vendors)) await vendor.close();
    await openAiUpstream.close();
  });

  it('streams DeepSeek reasoning_content and the answer, with usage when asked', async () => {
    const streamed = await readStream(client, 'ds-reasoner', true);
    expect(streamed).toMatchObject({ reasoning: 'Thinking it through.', content: 'The answer is 4.' });
    expect(streamed.usages).toEqual([expect.objectContaining({ prompt_tokens: 20, completion_tokens: 12 })]);
    const sent = vendors.deepseek.lastRequest();
    expect(sent.path).toBe('/chat/completions');
    expect(sent.body).toMatchObject({ model: 'conf-reasoning', stream_options: { include_usage: true } });

    const completion = await client.chat.completions.create({
      model: 'ds-reasoner',
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
    });
    expect(completion.choices[0]!.message).toMatchObject({
      content: 'The answer is 4.',
      reasoning_content: 'Thinking it through.',
    });
  });

  it('sends DeepSeek thinking-mode tool turns back with their reasoning_content', async () => {
    const messages = [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: '',
        reasoning_content: 'I should call the tool.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
    ] as OpenAI.ChatCompletionMessageParam[];
    const completion = await client.chat.completions.create({ model: 'ds-thinking', messages });
    expect(completion.choices[0]!.message.content).toBe('Echo: Weather in Paris?');
    expect(vendors.deepseek.lastRequest().body.messages).toEqual(messages);
  });

  it("surfaces OpenRouter's `reasoning` as reasoning_content, streamed and not", async () => {
    const streamed = await readStream(client, 'or-reasoner', false);
    expect(streamed).toMatchObject({
      reasoning: 'Thinking it through.',
      content: 'The answer is 4.',
      usages: [],
    });
    const completion = await client.chat.completions.create({
      model: 'or-reasoner',
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
    });
    expect(completion.choices[0]!.message).toMatchObject({ reasoning_content: 'Thinking it through.' });
    expect(completion.choices[0]!.message).not.toHaveProperty('reasoning');
  });

  it('keeps what Groq refuses out of its requests (reasoning on messages, logprobs)', async () => {
    const completion = await client.chat.completions.create({
      model: 'groq-chat',
      logprobs: true,
      top_logprobs: 2,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello', reasoning_content: 'A greeting.' },
        { role: 'user', content: 'Again' },
      ] as OpenAI.ChatCompletionMessageParam[],
    });
    expect(completion.choices[0]!.message.content).toBe('Echo: Again');
    const sent = vendors.groq.lastRequest();
    expect(sent.path).toBe('/openai/v1/chat/completions');
    expect(sent.body).not.toHaveProperty('logprobs');
    expect((sent.body.messages as Array<Record<string, unknown>>)[1]).toEqual({
      role: 'assistant',
      content: 'Hello',
    });
  });

  it('streams Mistral without stream_options and still meters its usage exactly', async () => {
    const asked = await readStream(client, 'mistral-text', true);
    expect(asked.content).toBe('Hello from the conformance suite.');
    expect(vendors.mistral.lastRequest().body).not.toHaveProperty('stream_options');
    expect(asked.usages).toEqual([expect.objectContaining({ prompt_tokens: 20, completion_tokens: 12 })]);
    const unasked = await readStream(client, 'mistral-text', false);
    expect(unasked.usages).toEqual([]);
    await opt.flushUsage();
    const records = await fetchUsage(opt.url, '&model=mistral-text');
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({
        channel: 'mistral',
        status: 'ok',
        prompt_tokens: 20,
        completion_tokens: 12,
      });
      expect(record.usage_source).toBe('upstream');
    }
  });

  it('creates a preset channel through /admin/channels with its default base URL', async () => {
    const response = await fetch(`${opt.url}/admin/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'siliconflow-api',
        provider: 'siliconflow',
        api_key: VENDOR_KEY,
        models: ['sf-a'],
      }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      provider: 'siliconflow',
      base_url: 'https://api.siliconflow.cn/v1',
      api_version: null,
    });
    const refused = await fetch(`${opt.url}/admin/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'nope',
        provider: 'bedrock',
        base_url: 'https://x.example',
        models: ['m'],
      }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('provider');
    expect(body.error.message).toContain('deepseek, dashscope, moonshot');
  });
});
