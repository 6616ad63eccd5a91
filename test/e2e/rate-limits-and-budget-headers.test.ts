import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { CLIENT_KEY, fetchUsage } from '../support/start-test-opt.js';

const RPM_KEY = 'sk-rpm-three-0123456789abcdef';
const TPM_KEY = 'sk-tpm-fifty-0123456789abcdef';
const TEAM_KEY = 'sk-team-member-0123456789abcdef';
const BUDGET_KEY = 'sk-budgeted-0123456789abcdef';

const YAML = {
  top: `
currency: CNY
prices:
  gpt-test: { input: 1000, cached_input: 500, output: 2000 }
model_limits:
  tools: { rpm: 2 }
teams:
  - name: research
    limits: { concurrency: 2 }
`,
  keys: `
  - name: rpm-three
    key: ${RPM_KEY}
    limits: { rpm: 3 }
  - name: tpm-fifty
    key: ${TPM_KEY}
    limits: { tpm: 50 }
  - name: member
    key: ${TEAM_KEY}
    team: research
  - name: budgeted
    key: ${BUDGET_KEY}
    budget: { amount: 10, period: monthly }
`,
};

// The fake upstream's echo of "hello": 4 prompt tokens (2 cached), 2 completion tokens. At the prices
// above: 2·1000 + 2·500 + 2·2000 = 7,000 micros = 0.007 CNY.
const ECHO_COST = '0.007';

function chat(url: string, key: string, body: Record<string, unknown> = {}) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hello' }], ...body }),
  });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe.each(DEPLOYMENTS)('rate limits and budget headers ($name)', (deployment) => {
  // Frozen: token buckets do not refill between requests, so every figure below is exact.
  const clock = { now: Date.parse('2026-06-15T12:00:00Z') };
  const harness = useDeploymentOpt(deployment, { yaml: YAML, now: () => clock.now });
  const upstream = harness.upstream;

  it('counts requests per minute and refuses the fourth with 429 and retry-after', async () => {
    for (const remaining of ['2', '1', '0']) {
      const response = await chat(harness.opt.url, RPM_KEY);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(remaining);
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?(ms|s)$|^\d+m\d+s$/);
      await response.arrayBuffer();
    }
    const refused = await chat(harness.opt.url, RPM_KEY);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(await errorOf(refused)).toMatchObject({
      type: 'requests',
      code: 'rate_limit_exceeded',
      message: expect.stringContaining(
        "Rate limit reached for key 'rpm-three' on requests per min (RPM): Limit 3.",
      ),
    });
    const upstreamCalls = upstream.requests.length;
    // A minute later the bucket is full again.
    clock.now += 60_000;
    const again = await chat(harness.opt.url, RPM_KEY);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(upstream.requests.length).toBe(upstreamCalls + 1);
    await harness.opt.flushUsage();
    const limited = await fetchUsage(harness.opt.url, '&status=rate_limited');
    expect(limited.some((record) => record.key_name === 'rpm-three' && record.http_status === 429)).toBe(
      true,
    );
  });

  it('takes max_tokens from TPM up front, refuses a request that can never fit, and does not count cached tokens', async () => {
    const tooLarge = await chat(harness.opt.url, TPM_KEY, { max_tokens: 100 });
    expect(tooLarge.status).toBe(429);
    expect(await errorOf(tooLarge)).toMatchObject({
      type: 'tokens',
      code: 'rate_limit_exceeded',
      message: expect.stringContaining(
        "Request too large for key 'tpm-fifty' on tokens per min (TPM): Limit 50",
      ),
    });
    expect(tooLarge.headers.get('retry-after')).toBeNull();
    expect(tooLarge.headers.get('x-should-retry')).toBe('false');

    const fits = await chat(harness.opt.url, TPM_KEY, { max_tokens: 5 });
    expect(fits.status).toBe(200);
    expect(fits.headers.get('x-ratelimit-limit-tokens')).toBe('50');
    await fits.arrayBuffer();
    await harness.opt.flushUsage();
    // Settled to what was used: 4 prompt tokens − 2 cached + 2 completion = 4 tokens.
    const models = await fetch(`${harness.opt.url}/v1/models`, {
      headers: { authorization: `Bearer ${TPM_KEY}` },
    });
    expect(models.headers.get('x-ratelimit-remaining-tokens')).toBe('46');
    expect(models.headers.get('x-ratelimit-reset-tokens')).toBe('4.8s');
  });

  it("limits a team's concurrent requests across its keys and frees the slots when they end", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        chat(harness.opt.url, TEAM_KEY, { model: 'slow-stream', stream: true }).then(async (response) => ({
          status: response.status,
          text: await response.text(),
        })),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 429]);
    const refused = results.find((result) => result.status === 429);
    expect(JSON.parse(refused?.text ?? '{}').error.message).toContain(
      "Too many concurrent requests for team 'research': Limit 2.",
    );
    await harness.opt.opt.waitIdle(5_000);
    const after = await chat(harness.opt.url, TEAM_KEY, { model: 'slow-stream', stream: true });
    expect(after.status).toBe(200);
    await after.text();
  });

  it('limits a model across every key (model_limits)', async () => {
    expect((await chat(harness.opt.url, CLIENT_KEY, { model: 'tools' })).status).toBe(200);
    expect((await chat(harness.opt.url, TEAM_KEY, { model: 'tools' })).status).toBe(200);
    const refused = await chat(harness.opt.url, BUDGET_KEY, { model: 'tools' });
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).message).toContain("Rate limit reached for model 'tools'");
  });

  it('reports the remaining budget and the cost on every response, streamed usage included', async () => {
    const unlimited = await chat(harness.opt.url, CLIENT_KEY);
    expect(unlimited.headers.get('x-opt-budget-remaining')).toBe('unlimited');
    expect(unlimited.headers.get('x-opt-budget-currency')).toBe('CNY');
    expect(unlimited.headers.get('x-opt-cost')).toBe(ECHO_COST);
    await unlimited.arrayBuffer();

    const first = await chat(harness.opt.url, BUDGET_KEY);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-opt-cost')).toBe(ECHO_COST);
    // Reported at admission: the budget less this request's reservation (no max_tokens: 4,096 output
    // tokens at 2,000 per million are held, 8.192 CNY, plus the prompt).
    expect(Number(first.headers.get('x-opt-budget-remaining'))).toBeLessThan(10 - 8.192);
    await first.arrayBuffer();
    await harness.opt.flushUsage();
    const models = await fetch(`${harness.opt.url}/v1/models`, {
      headers: { authorization: `Bearer ${BUDGET_KEY}` },
    });
    expect(models.headers.get('x-opt-budget-remaining')).toBe('9.993');
    const listed = (await models.json()) as { data: Array<{ id: string; pricing?: unknown }> };
    expect(listed.data.find((model) => model.id === 'gpt-test')?.pricing).toEqual({
      currency: 'CNY',
      unit: 'per_million_tokens',
      input: '1000',
      cached_input: '500',
      output: '2000',
    });
    expect(listed.data.find((model) => model.id === 'tools')).not.toHaveProperty('pricing');

    const client = new OpenAI({ apiKey: BUDGET_KEY, baseURL: `${harness.opt.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: Record<string, unknown> | null = null;
    for await (const chunk of stream)
      if (chunk.usage) usage = chunk.usage as unknown as Record<string, unknown>;
    expect(usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 2, cost: 0.007 });
    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url, '&status=ok');
    const budgeted = records.filter((record) => record.key_name === 'budgeted');
    expect(budgeted.map((record) => record.cost_micros)).toEqual([7_000, 7_000]);
  });
});
