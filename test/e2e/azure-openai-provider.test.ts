import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_KEY, FakeAzureOpenAiUpstream } from '../support/fake-azure-openai-upstream.js';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { ADMIN_KEY, CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

const TOOLS: OpenAI.ChatCompletionTool[] = ['get_weather', 'get_time'].map((name) => ({
  type: 'function',
  function: { name, parameters: { type: 'object', properties: { city: { type: 'string' } } } },
}));

describe('azure-openai provider through the official openai SDK', () => {
  const openAiUpstream = new FakeOpenAiUpstream();
  const azure = new FakeAzureOpenAiUpstream();
  let opt: TestOpt;
  let client: OpenAI;

  beforeAll(async () => {
    await openAiUpstream.start();
    await azure.start();
    opt = await startTestOpt({
      upstreamUrl: openAiUpstream.url,
      yaml: {
        channels: `  - name: azure-dated
    provider: azure-openai
    base_url: ${azure.url}
    api_key: ${AZURE_KEY}
    models: [azure-gpt, azure-tools, azure-text, azure-missing, azure-filtered, azure-cut]
    model_map:
      azure-gpt: gpt-4o-deploy
      azure-tools: conf-parallel-tools
      azure-text: conf-text
      azure-missing: not-deployed
      azure-filtered: filtered-prompt
      azure-cut: filtered-completion
`,
      },
    });
    client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await opt?.stop();
    await azure.close();
    await openAiUpstream.close();
  });

  it('answers a non-streaming request through the deployment URL and records its usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'azure-gpt',
      messages: [{ role: 'user', content: 'hello azure' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Echo: hello azure');
    expect(azure.lastRequest().path).toBe(
      '/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21',
    );
    expect(azure.lastRequest().headers['api-key']).toBe(AZURE_KEY);
    await opt.flushUsage();
    const [record] = await fetchUsage(opt.url, '&model=azure-gpt');
    expect(record).toMatchObject({ channel: 'azure-dated', status: 'ok', served_model: 'gpt-4o-deploy' });
    expect(record!.prompt_tokens).toBe(completion.usage!.prompt_tokens);
  });

  it("streams text without Azure's prompt-filter chunk, with usage when asked", async () => {
    const stream = await client.chat.completions.create({
      model: 'azure-text',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      content += chunk.choices[0]?.delta.content ?? '';
    }
    expect(content).toBe('Hello from the conformance suite.');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.filter((chunk) => chunk.choices.length === 0)).toHaveLength(1);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 12 });
  });

  it('streams parallel tool calls with their arguments reassembled', async () => {
    const stream = await client.chat.completions.create({
      model: 'azure-tools',
      messages: [{ role: 'user', content: 'Weather and time in Paris and Tokyo?' }],
      tools: TOOLS,
      stream: true,
    });
    const calls = new Map<number, { name: string; args: string }>();
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { name: '', args: '' };
        entry.name += call.function?.name ?? '';
        entry.args += call.function?.arguments ?? '';
        calls.set(call.index, entry);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect([...calls.entries()]).toEqual([
      [0, { name: 'get_weather', args: '{"city":"Paris","unit":"celsius"}' }],
      [1, { name: 'get_time', args: '{"city":"Tokyo","unit":"celsius"}' }],
    ]);
    expect(finish).toBe('tool_calls');
  });

  it("maps Azure's errors to OpenAI's: unknown deployment, filtered prompt, filtered completion", async () => {
    const missing = await client.chat.completions
      .create({ model: 'azure-missing', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');

    const filtered = await client.chat.completions
      .create({ model: 'azure-filtered', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(filtered).toBeInstanceOf(OpenAI.BadRequestError);
    expect(filtered).toMatchObject({ code: 'content_filter', param: 'prompt' });

    const cut = await client.chat.completions.create({
      model: 'azure-cut',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(cut.choices[0]!.finish_reason).toBe('content_filter');
  });

  it('serves a channel created through /admin/channels with api_version v1', async () => {
    const created = await fetch(`${opt.url}/admin/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'azure-v1',
        provider: 'azure-openai',
        base_url: azure.url,
        api_version: 'v1',
        api_key: AZURE_KEY,
        models: ['azure-v1-gpt'],
        model_map: { 'azure-v1-gpt': 'gpt-4o-deploy' },
      }),
    });
    expect(created.status).toBe(201);
    const view = (await created.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ provider: 'azure-openai', api_version: 'v1' });
    expect(JSON.stringify(view)).not.toContain(AZURE_KEY);

    const completion = await client.chat.completions.create({
      model: 'azure-v1-gpt',
      messages: [{ role: 'user', content: 'via v1' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Echo: via v1');
    expect(azure.lastRequest()).toMatchObject({
      path: '/openai/v1/chat/completions',
      body: { model: 'gpt-4o-deploy' },
    });
  });
});
