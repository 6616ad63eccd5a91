import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGeminiUpstream, GEMINI_KEY } from '../support/fake-gemini-upstream.js';
import { CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

describe('a gemini channel through the official openai SDK', () => {
  const gemini = new FakeGeminiUpstream();
  let opt: TestOpt;
  let client: OpenAI;

  beforeAll(async () => {
    await gemini.start();
    opt = await startTestOpt({
      upstreamUrl: gemini.url,
      yaml: {
        channels: `  - name: gemini-main
    provider: gemini
    base_url: ${gemini.url}
    api_key: ${GEMINI_KEY}
    models: [gemini-flash, gemini-tools]
    model_map: { gemini-flash: gemini-echo }
`,
      },
    });
    client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    await gemini.close();
  });

  it('answers a non-streamed request and records exact usage', async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: 'gemini-flash',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello there' },
        ],
        max_tokens: 64,
        temperature: 0.5,
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Echo: hello there');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 10,
      total_tokens: 22,
      prompt_tokens_details: { cached_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 6 },
    });
    const request = gemini.lastRequest();
    expect(request.path).toBe('/v1beta/models/gemini-echo:generateContent');
    expect(request.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(request.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'hello there' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 64, temperature: 0.5 },
    });

    await opt.flushUsage();
    const [record] = await fetchUsage(opt.url, '&model=gemini-flash');
    expect(record).toMatchObject({
      request_id: response.headers.get('x-request-id'),
      channel: 'gemini-main',
      served_model: 'gemini-echo-001', // the answer's modelVersion
      status: 'ok',
      stream: false,
      prompt_tokens: 12,
      completion_tokens: 10,
      cached_tokens: 5,
      total_tokens: 22,
      usage_source: 'upstream',
    });
  });

  it('streams text and usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gemini-flash',
      messages: [{ role: 'user', content: 'stream this please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Echo: stream this please');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 10, total_tokens: 22 });
    expect(gemini.lastRequest().path).toBe('/v1beta/models/gemini-echo:streamGenerateContent?alt=sse');

    await opt.flushUsage();
    const records = await fetchUsage(opt.url, '&model=gemini-flash');
    expect(records.find((record) => record.stream === true)).toMatchObject({
      channel: 'gemini-main',
      status: 'ok',
      prompt_tokens: 12,
      completion_tokens: 10,
      total_tokens: 22,
    });
  });

  it('returns parallel tool calls and sends the results back as functionResponse parts', async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            additionalProperties: false,
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      },
    ];
    const first = await client.chat.completions.create({
      model: 'gemini-tools',
      messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }],
      tools,
      tool_choice: 'required',
    });
    const message = first.choices[0]!.message;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message.tool_calls?.map((call) => call.type === 'function' && call.function.arguments)).toEqual([
      '{"city":"Paris"}',
      '{"city":"Tokyo"}',
    ]);
    expect(gemini.lastRequest().body).toMatchObject({
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });

    await client.chat.completions.create({
      model: 'gemini-flash',
      messages: [
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
        message,
        ...message.tool_calls!.map((call, index) => ({
          role: 'tool' as const,
          tool_call_id: call.id,
          content: index === 0 ? '{"temp":18}' : 'sunny',
        })),
      ],
    });
    expect((gemini.lastRequest().body.contents as unknown[])[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
        { functionResponse: { name: 'get_weather', response: { content: 'sunny' } } },
      ],
    });
  });
});
