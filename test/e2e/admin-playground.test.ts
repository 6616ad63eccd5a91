import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { rawRequest, sseData } from '../support/raw-http.js';
import { ADMIN_KEY, fetchUsage, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

// The console's playground: a chat completion sent with the admin key, answered and metered exactly like
// /v1/chat/completions, recorded without a key under endpoint `playground`.
describe('admin playground', () => {
  const upstream = new FakeOpenAiUpstream();
  let opt: TestOpt;

  beforeAll(async () => {
    await upstream.start();
    opt = await startTestOpt({
      upstreamUrl: upstream.url,
      yaml: { top: 'currency: CNY\nprices:\n  gpt-test: { input: 1, cached_input: 0.5, output: 2 }\n' },
    });
  });
  afterAll(async () => {
    await opt?.stop();
    await upstream.close();
  });

  const play = (body: unknown, key = ADMIN_KEY) =>
    rawRequest(`${opt.url}/admin/playground/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers a JSON completion with the request id and cost, and records it without a key', async () => {
    const response = await play({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello playground' }],
    });
    expect(response.status, response.text).toBe(200);
    const completion = JSON.parse(response.text);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.role).toBe('assistant');
    const requestId = response.headers['x-request-id'];
    expect(Number(response.headers['x-opt-cost'])).toBeGreaterThan(0);

    await opt.flushUsage();
    const [record] = await fetchUsage(opt.url, `&request_id=${requestId}`);
    expect(record).toMatchObject({
      endpoint: 'playground',
      key_id: null,
      model: 'gpt-test',
      channel: 'fake',
      status: 'ok',
      cost: response.headers['x-opt-cost'],
    });
  });

  it('streams chunks ending in [DONE], with usage and its cost when asked', async () => {
    const response = await play({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'stream please' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const events = sseData(response.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    const usageChunk = chunks.find((chunk) => chunk.usage);
    expect(usageChunk.usage.total_tokens).toBeGreaterThan(0);
    expect(Number(usageChunk.usage.cost)).toBeGreaterThan(0);
  });

  it('refuses viewers, and answers mistakes with OpenAI-shaped 4xx errors', async () => {
    const created = await rawRequest(`${opt.url}/admin/admin-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'playground viewer', role: 'viewer' }),
    });
    const viewerKey = JSON.parse(created.text).key;
    const refused = await play({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }, viewerKey);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.type).toBe('permission_error');

    const invalid = await play({ model: 'gpt-test', messages: [] });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error.param).toBe('messages');

    const unknown = await play({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe('model_not_found');

    const wrongMethod = await rawRequest(`${opt.url}/admin/playground/chat/completions`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(wrongMethod.status).toBe(405);
  });
});
