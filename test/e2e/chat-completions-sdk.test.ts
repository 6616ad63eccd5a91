import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { createPostgresTestDatabase } from '../support/postgres-database.js';
import { CLIENT_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

const WEATHER_TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];

/** The same client-visible behaviour on every store: the official SDK, unchanged, against OPT. */
interface TestDatabase {
  url: string | null;
  drop?: () => Promise<void>;
}

function describeChatCompletionsThroughSdk(
  storeName: string,
  openDatabase: () => Promise<TestDatabase | null>,
) {
  describe(`chat completions through the official openai SDK (${storeName})`, () => {
    const upstream = new FakeOpenAiUpstream();
    let opt: TestOpt | null = null;
    let client: OpenAI;
    let dropDatabase: (() => Promise<void>) | null = null;

    beforeAll(async () => {
      await upstream.start();
      const database = await openDatabase();
      if (!database) return;
      dropDatabase = database.drop ?? null;
      opt = await startTestOpt({ upstreamUrl: upstream.url, databaseUrl: database.url });
      client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${opt.url}/v1`, maxRetries: 0 });
    });

    afterAll(async () => {
      await opt?.stop();
      await dropDatabase?.();
      await upstream.close();
    });

    it('returns a non-streamed completion with exact usage and records it', async (context) => {
      if (!opt) return context.skip();
      const { data, response } = await client.chat.completions
        .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hello there' }] })
        .withResponse();
      expect(data.object).toBe('chat.completion');
      expect(data.choices[0]?.message.content).toBe('Echo: hello there');
      expect(data.choices[0]?.finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^req_/);
      expect(upstream.lastRequest().body.model).toBe('echo');

      await opt.flushUsage();
      const [record] = await fetchUsage(opt.url, `&model=gpt-test`);
      expect(record).toMatchObject({
        request_id: requestId,
        key_name: 'team-a',
        model: 'gpt-test',
        channel: 'fake',
        served_model: 'echo',
        status: 'ok',
        stream: false,
        prompt_tokens: 5,
        completion_tokens: 3,
        cached_tokens: 2,
        total_tokens: 8,
        usage_source: 'upstream',
      });
    });

    it('streams chunk by chunk, and records exact usage although the client did not ask for it', async (context) => {
      if (!opt) return context.skip();
      const stream = await client.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'stream me please' }],
        stream: true,
      });
      const pieces: string[] = [];
      const usages: unknown[] = [];
      for await (const chunk of stream) {
        pieces.push(chunk.choices[0]?.delta.content ?? '');
        if (chunk.usage) usages.push(chunk.usage);
      }
      expect(pieces.join('')).toBe('Echo: stream me please');
      expect(usages).toEqual([]);
      // OPT asked the upstream for usage on the client's behalf.
      expect(upstream.lastRequest().body.stream_options).toEqual({ include_usage: true });

      await opt.flushUsage();
      const records = await fetchUsage(opt.url, '&model=gpt-test');
      expect(records[0]).toMatchObject({
        stream: true,
        status: 'ok',
        prompt_tokens: 6,
        completion_tokens: 4,
        usage_source: 'upstream',
      });
      expect(records[0]?.ttft_ms).toEqual(expect.any(Number));
    });

    it('passes the usage chunk through when the client asks with include_usage', async (context) => {
      if (!opt) return context.skip();
      const stream = await client.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'count me' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const usages: OpenAI.CompletionUsage[] = [];
      for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
      expect(usages).toHaveLength(1);
      expect(usages[0]).toMatchObject({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    });

    it('relays tool calls in a response and accepts them back with tool results', async (context) => {
      if (!opt) return context.skip();
      const first = await client.chat.completions.create({
        model: 'tools',
        messages: [{ role: 'user', content: 'weather in Paris?' }],
        tools: WEATHER_TOOLS,
        tool_choice: 'auto',
      });
      const calls = first.choices[0]?.message.tool_calls ?? [];
      expect(first.choices[0]?.finish_reason).toBe('tool_calls');
      expect(calls.map((call) => call.type === 'function' && call.function.name)).toEqual([
        'get_weather',
        'get_time',
      ]);
      const call = calls[0]!;
      if (call.type !== 'function') throw new Error('expected a function call');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });

      const second = await client.chat.completions.create({
        model: 'gpt-test',
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: calls },
          { role: 'tool', tool_call_id: call.id, content: '{"temp": 21}' },
          { role: 'user', content: 'thanks' },
        ],
        tools: WEATHER_TOOLS,
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      });
      expect(second.choices[0]?.message.content).toBe('Echo: thanks');
      const forwarded = upstream.lastRequest().body;
      expect(forwarded.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
      expect((forwarded.messages as unknown[])[1]).toMatchObject({ role: 'assistant', tool_calls: calls });
    });

    it('streams tool-call deltas that the SDK reassembles', async (context) => {
      if (!opt) return context.skip();
      const runner = client.chat.completions.stream({
        model: 'tools',
        messages: [{ role: 'user', content: 'weather?' }],
        tools: WEATHER_TOOLS,
        parallel_tool_calls: true,
      });
      const final = await runner.finalChatCompletion();
      const calls = final.choices[0]?.message.tool_calls ?? [];
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        if (call.type !== 'function') throw new Error('expected a function call');
        expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
      }
      expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    });

    it('forwards fields OPT does not know untouched', async (context) => {
      if (!opt) return context.skip();
      await client.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.2,
        // A vendor extension (DashScope's enable_thinking) rides along as sent.
        ...({ enable_thinking: false, vendor_extra: { nested: [1, 2] } } as object),
      });
      expect(upstream.lastRequest().body).toMatchObject({
        temperature: 0.2,
        enable_thinking: false,
        vendor_extra: { nested: [1, 2] },
      });
    });

    it('lists and retrieves the models the key may use', async (context) => {
      if (!opt) return context.skip();
      const models = [];
      for await (const model of client.models.list()) models.push(model.id);
      expect(models).toContain('gpt-test');
      expect(models).toContain('org/model:v1');
      const model = await client.models.retrieve('org/model:v1');
      expect(model).toMatchObject({ id: 'org/model:v1', object: 'model', owned_by: 'fake' });
      await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404 });
    });

    it('falls back to a tokenizer count when the upstream reports no usage', async (context) => {
      if (!opt) return context.skip();
      const result = await client.chat.completions.create({
        model: 'no-usage',
        messages: [{ role: 'user', content: 'no usage from upstream' }],
      });
      expect(result.usage).toBeUndefined();
      const stream = await client.chat.completions.create({
        model: 'no-usage',
        messages: [{ role: 'user', content: 'no usage streamed' }],
        stream: true,
      });
      for await (const _chunk of stream) {
        // drain
      }
      await opt.flushUsage();
      const records = await fetchUsage(opt.url, '&model=no-usage');
      expect(records).toHaveLength(2);
      for (const record of records) {
        expect(record.usage_source).toBe('estimated');
        expect(record.prompt_tokens).toBeGreaterThan(3);
        expect(record.completion_tokens).toBeGreaterThan(2);
      }
    });
  });
}

describeChatCompletionsThroughSdk('SQLite', async () => ({ url: null }));
describeChatCompletionsThroughSdk('PostgreSQL', async () => {
  const database = await createPostgresTestDatabase();
  if (!database)
    console.warn('PostgreSQL unreachable: set OPT_TEST_DATABASE_URL to run the PostgreSQL suite.');
  return database;
});
