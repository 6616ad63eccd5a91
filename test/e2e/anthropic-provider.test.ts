import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_UPSTREAM_KEY, FakeAnthropicUpstream } from '../support/fake-anthropic-upstream.js';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

describe('anthropic provider through the official openai SDK', () => {
  const openAiUpstream = new FakeOpenAiUpstream();
  const anthropic = new FakeAnthropicUpstream();
  let opt: TestOpt;
  let client: OpenAI;

  beforeAll(async () => {
    await openAiUpstream.start();
    await anthropic.start();
    opt = await startTestOpt({
      upstreamUrl: openAiUpstream.url,
      yaml: {
        channels: `  - name: claude
    provider: anthropic
    base_url: ${anthropic.url}
    api_key: ${ANTHROPIC_UPSTREAM_KEY}
    models: [claude-test]
    model_map: { claude-test: claude-sonnet-4-20250514 }
`,
      },
    });
    client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    await anthropic.close();
    await openAiUpstream.close();
  });

  it('answers a non-streaming request and records its usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-test',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: 'there' },
      ],
    });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.body).toMatchObject({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 4096,
      system: 'Answer in French.',
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'Bonjour!' },
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 3, total_tokens: 19 });

    await opt.flushUsage();
    const [record] = await fetchUsage(opt.url, '&model=claude-test');
    expect(record).toMatchObject({
      model: 'claude-test',
      channel: 'claude',
      served_model: 'claude-sonnet-4-20250514',
      status: 'ok',
      stream: false,
      prompt_tokens: 16,
      completion_tokens: 3,
      cached_tokens: 4,
      total_tokens: 19,
    });
  });

  it('streams a tool call after text, with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'claude-test',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'required',
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let args = '';
    const calls: Array<{ index: number; id?: string; name?: string }> = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      content += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        if (call.id) calls.push({ index: call.index, id: call.id, name: call.function?.name });
        args += call.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(anthropic.requests.at(-1)!.body).toMatchObject({
      stream: true,
      tool_choice: { type: 'any' },
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    });
    expect(content).toBe('Looking it up.');
    expect(calls).toEqual([{ index: 0, id: 'toolu_fake_1', name: 'get_weather' }]);
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });

    await opt.flushUsage();
    const records = await fetchUsage(opt.url, '&model=claude-test');
    expect(records.find((record) => record.stream === true)).toMatchObject({
      channel: 'claude',
      status: 'ok',
      prompt_tokens: 20,
      completion_tokens: 9,
      total_tokens: 29,
    });
  });
});
