import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiUpstream } from '../support/fake-openai-upstream.js';
import { rawRequest } from '../support/raw-http.js';
import { ADMIN_KEY, CLIENT_KEY, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

const LOGGED_KEY = 'sk-console-logged-0123456789abcdef';

// The admin endpoints the console reads beyond the tenancy API: models with routes and prices, one
// request's record with its logged bodies, the settings, and a channel's recent error rate and latency.
describe('admin API for the console', () => {
  const upstream = new FakeOpenAiUpstream();
  let opt: TestOpt;

  beforeAll(async () => {
    await upstream.start();
    opt = await startTestOpt({
      upstreamUrl: upstream.url,
      yaml: {
        top: `
currency: CNY
prices:
  gpt-test: { input: 1, cached_input: 0.5, output: 2 }
fallbacks:
  gpt-test: [tools]
retry: { max_attempts: 2 }
`,
        keys: `
  - name: logged
    key: ${LOGGED_KEY}
    prompt_logging: { retention_days: 1 }`,
      },
    });
  });
  afterAll(async () => {
    await opt?.stop();
    await upstream.close();
  });

  const admin = async (path: string) => {
    const response = await rawRequest(`${opt.url}${path}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    return { status: response.status, body: JSON.parse(response.text) };
  };
  const chat = (key: string, model: string) =>
    rawRequest(`${opt.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello console' }] }),
    });

  it('lists every public model with its routes, fallbacks and price', async () => {
    const { status, body } = await admin('/admin/models');
    expect(status).toBe(200);
    const gptTest = body.data.find((model: { id: string }) => model.id === 'gpt-test');
    expect(gptTest).toMatchObject({
      id: 'gpt-test',
      owned_by: 'fake',
      routes: [
        {
          channel: 'fake',
          provider: 'openai-compatible',
          upstream_model: 'echo',
          priority: 0,
          weight: 1,
          breaker: 'closed',
        },
      ],
      fallbacks: ['tools'],
      price: { model: 'gpt-test', input: '1', cached_input: '0.5', output: '2', currency: 'CNY' },
    });
    const unpriced = body.data.find((model: { id: string }) => model.id === 'error-401');
    expect(unpriced).toMatchObject({ routes: [{ channel: 'fake-401' }], fallbacks: [], price: null });
  });

  it("shows one request's record, with its bodies when prompt logging kept them", async () => {
    const plain = await chat(CLIENT_KEY, 'gpt-test');
    const logged = await chat(LOGGED_KEY, 'gpt-test');
    expect([plain.status, logged.status]).toEqual([200, 200]);
    await opt.flushUsage();

    const plainRecord = await admin(`/admin/usage/${plain.headers['x-request-id']}`);
    expect(plainRecord.status).toBe(200);
    expect(plainRecord.body).toMatchObject({
      request_id: plain.headers['x-request-id'],
      model: 'gpt-test',
      channel: 'fake',
      status: 'ok',
      attempts: 1,
      bodies: null,
    });

    const loggedRecord = await admin(`/admin/usage/${logged.headers['x-request-id']}`);
    expect(loggedRecord.body.key_name).toBe('logged');
    expect(JSON.parse(loggedRecord.body.bodies.request).messages[0].content).toBe('hello console');
    expect(JSON.parse(loggedRecord.body.bodies.response).choices).toHaveLength(1);

    expect(loggedRecord.body.bodies_withheld).toBe(false);

    // A viewer sees the record but not what was said: logged bodies are for role admin only.
    const created = await rawRequest(`${opt.url}/admin/admin-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'log reader', role: 'viewer' }),
    });
    const viewerKey = JSON.parse(created.text).key;
    const asViewer = await rawRequest(`${opt.url}/admin/usage/${logged.headers['x-request-id']}`, {
      headers: { authorization: `Bearer ${viewerKey}` },
    });
    expect(asViewer.status).toBe(200);
    expect(JSON.parse(asViewer.text)).toMatchObject({
      key_name: 'logged',
      bodies: null,
      bodies_withheld: true,
    });
    expect(asViewer.text).not.toContain('hello console');

    const filtered = await admin(`/admin/usage?request_id=${logged.headers['x-request-id']}`);
    expect(filtered.body.data.map((record: { key_name: string }) => record.key_name)).toEqual(['logged']);

    const missing = await admin('/admin/usage/req_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('reports the settings that shape billing, routing and retention, and nothing secret', async () => {
    const { status, body } = await admin('/admin/settings');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      object: 'settings',
      currency: 'CNY',
      storage: { database: 'sqlite', quotas: 'memory' },
      billing: { reserve_max_tokens: 4096, tpm_counts_cached_tokens: false },
      retry: { max_attempts: 2 },
      retention: { prompt_logging_default: 'off', body_purge_interval_ms: 3_600_000 },
    });
    expect(body.models).toContain('gpt-test');
    expect(JSON.stringify(body)).not.toContain(ADMIN_KEY);
  });

  it("shows a channel's recent requests, error rate and latency in its health", async () => {
    const before = await admin('/admin/channels?limit=100');
    const errorsBefore = before.body.data.find((channel: { name: string }) => channel.name === 'fake').health
      .recent.errors;
    // The request's own fault (an upstream 400) is not the channel's: it does not count as an error.
    await chat(CLIENT_KEY, 'error-400');
    const after400 = await admin('/admin/channels?limit=100');
    expect(
      after400.body.data.find((channel: { name: string }) => channel.name === 'fake').health.recent.errors,
    ).toBe(errorsBefore);
    await chat(CLIENT_KEY, 'error-500');
    const list = await admin('/admin/channels?limit=100');
    const fake = list.body.data.find((channel: { name: string }) => channel.name === 'fake');
    const recent = fake.health.recent;
    expect(recent.requests).toBeGreaterThanOrEqual(3);
    expect(recent.errors).toBeGreaterThanOrEqual(1);
    expect(recent.error_rate).toBeCloseTo(recent.errors / recent.requests);
    expect(recent.latency_p50_ms).toBeGreaterThanOrEqual(0);
    expect(recent.latency_p99_ms).toBeGreaterThanOrEqual(recent.latency_p50_ms);
  });
});
