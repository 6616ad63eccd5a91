import { beforeEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { UPSTREAM_KEYS } from '../support/fake-openai-upstream.js';
import { ADMIN_KEY, CLIENT_KEY } from '../support/start-test-opt.js';

/*
 * Fault injection through OPT: every fault of the fake upstream, one at a time with failover to a healthy
 * channel, and a concurrent load where one of two channels fails a third of its calls. Every request must
 * succeed through a healthy target or get a clean OpenAI-shaped error, none may hang past its deadline,
 * and every request must leave exactly one settled usage record.
 */

const [FIRST_KEY, SECOND_KEY, THIRD_KEY] = UPSTREAM_KEYS;

/** The load channels' total deadline; every request must finish within it plus LATENCY_SLACK_MS. */
const LOAD_TOTAL_MS = 5_000;
const LATENCY_SLACK_MS = 2_000;
const LOAD_REQUESTS = 300;
const LOAD_CONCURRENCY = 50;

interface Outcome {
  index: number;
  stream: boolean;
  status: number;
  requestId: string | null;
  contentType: string | null;
  text: string;
  ms: number;
}

function chat(url: string, model: string, stream = false, index = 0): Promise<Outcome> {
  const started = performance.now();
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      messages: [{ role: 'user', content: `hello ${index}` }],
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  }).then(async (response) => {
    // The whole body, SSE included: a request is only finished once its stream has ended.
    const text = await response.text();
    return {
      index,
      stream,
      status: response.status,
      requestId: response.headers.get('x-request-id'),
      contentType: response.headers.get('content-type'),
      text,
      ms: performance.now() - started,
    };
  });
}

/** The `data:` payloads of an SSE body, in order. */
function sseData(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

/** An OpenAI error envelope: `{ error: { message, type, param, code } }` and nothing else. */
function expectOpenAiError(body: unknown) {
  expect(body).toEqual({ error: expect.any(Object) });
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof error.message).toBe('string');
  expect(typeof error.type).toBe('string');
  return error;
}

/** Runs `tasks` with at most `concurrency` in flight. */
async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>) {
  const results: T[] = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

type UsageView = Record<string, unknown> & { request_id: string };

/** Every usage record, following `next_cursor` through the admin API. */
async function allUsage(url: string, query = ''): Promise<UsageView[]> {
  const records: UsageView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await fetch(
      `${url}/admin/usage?limit=1000${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: UsageView[]; next_cursor: string | null };
    records.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return records;
  }
  throw new Error('usage paging did not end');
}

async function breakerState(url: string, channel: string, target: string): Promise<number | null> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const match = metrics.match(
    new RegExp(`opt_breaker_state\\{channel="${channel}",target="${target}"\\} (\\d+)`),
  );
  return match ? Number(match[1]) : null;
}

/*
 * undici runs the headers (first_byte_ms) and body (idle_ms) timeouts on its coarse "fast timers" (about
 * 1 s resolution), so a 300 ms timeout fires after roughly 0.5 to 1.5 s: the bound allows for that.
 */
const TIMER_BOUND_MS = 2_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks one load outcome: a 200 that ends properly, or an OpenAI-shaped error. */
function expectCleanOutcome(outcome: Outcome) {
  expect(outcome.requestId, `request ${outcome.index}`).toEqual(expect.any(String));
  expect(outcome.ms, `request ${outcome.index} took ${outcome.ms} ms`).toBeLessThan(
    LOAD_TOTAL_MS + LATENCY_SLACK_MS,
  );
  if (outcome.status !== 200) {
    expect(outcome.contentType).toContain('application/json');
    expectOpenAiError(JSON.parse(outcome.text));
    return;
  }
  if (outcome.stream) {
    const data = sseData(outcome.text);
    expect(data.at(-1), outcome.text).toBe('[DONE]');
    expect(outcome.text.trim().endsWith('data: [DONE]')).toBe(true);
    for (const payload of data.slice(0, -1)) expect(JSON.parse(payload).error).toBeUndefined();
  } else {
    expect(JSON.parse(outcome.text).choices[0].message.role).toBe('assistant');
  }
}

/*
 * The load suite: a breaker threshold (10 000) no load here reaches, so that the routing is deterministic
 * (load-a keeps taking its share and its failures are exactly the failed-over requests). The breaker under
 * load, with a low threshold, is proved in the next suite.
 */
const LOAD_YAML = {
  channels: `
  - name: load-a
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [load-model]
    model_map: { load-model: load-a }
    timeouts: { total_ms: ${LOAD_TOTAL_MS} }
  - name: load-b
    base_url: {{upstream}}
    api_key: ${SECOND_KEY}
    models: [load-model]
    model_map: { load-model: load-b }
    timeouts: { total_ms: ${LOAD_TOTAL_MS} }
`,
  top: `
retry: { max_attempts: 3, initial_backoff_ms: 1, max_backoff_ms: 10 }
breaker: { failure_threshold: 10000, window_ms: 60000, cooldown_ms: 400 }
`,
};

describe.each(DEPLOYMENTS)('fault injection under concurrent load ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment, { yaml: LOAD_YAML });
  beforeEach(() => harness.upstream?.reset());

  it(`serves ${LOAD_REQUESTS} requests at concurrency ${LOAD_CONCURRENCY} while one channel fails a third of its calls`, async () => {
    // Phase one: every third call of load-a answers 500; phase two (from request 150): every third
    // call of load-a has its connection reset.
    harness.upstream.setFailureMode('load-a', { kind: 'fail-every', n: 3, status: 500 });
    const started = performance.now();
    const outcomes = await pool(LOAD_REQUESTS, LOAD_CONCURRENCY, async (index) => {
      if (index === LOAD_REQUESTS / 2) {
        harness.upstream.setFailureMode('load-a', { kind: 'reset-every', n: 3 });
      }
      return chat(harness.opt.url, 'load-model', index % 2 === 1, index);
    });
    const wallMs = performance.now() - started;
    const maxMs = Math.max(...outcomes.map((outcome) => outcome.ms));

    for (const outcome of outcomes) expectCleanOutcome(outcome);
    // Failover turns every one of load-a's failures into a success on load-b.
    expect(outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);
    const failures = harness.upstream.failuresFor('load-a');
    // Both kinds of fault happened, about a third of load-a's calls.
    expect(failures).toBeGreaterThan(10);
    expect(harness.upstream.failuresFor('load-b')).toBe(0);
    expect(harness.upstream.callsFor('load-a') + harness.upstream.callsFor('load-b')).toBe(
      LOAD_REQUESTS + failures,
    );

    await harness.opt.flushUsage();
    const ids = outcomes.map((outcome) => outcome.requestId as string);
    expect(new Set(ids).size).toBe(LOAD_REQUESTS);
    const records = (await allUsage(harness.opt.url, '&model=load-model')).filter((record) =>
      ids.includes(record.request_id),
    );
    const byId = new Map<string, UsageView[]>();
    for (const record of records)
      byId.set(record.request_id, [...(byId.get(record.request_id) ?? []), record]);
    for (const outcome of outcomes) {
      const own = byId.get(outcome.requestId as string) ?? [];
      expect(own, `usage of request ${outcome.index}`).toHaveLength(1);
      const [record] = own as [UsageView];
      expect(record).toMatchObject({
        status: 'ok',
        http_status: 200,
        stream: outcome.stream,
        model: 'load-model',
      });
      expect(record.attempts).toBeGreaterThanOrEqual(1);
      // A failed attempt on load-a fails over to load-b, the only other target.
      if ((record.attempts as number) > 1) {
        expect(record).toMatchObject({ attempts: 2, channel: 'load-b', served_model: 'load-b' });
      }
    }
    expect(records).toHaveLength(LOAD_REQUESTS);
    // Exactly one extra attempt per injected failure.
    const extraAttempts = records.reduce((sum, record) => sum + (record.attempts as number) - 1, 0);
    expect(extraAttempts).toBe(failures);
    console.info(
      `[${deployment.name}] ${LOAD_REQUESTS} requests in ${Math.round(wallMs)} ms, slowest ${Math.round(maxMs)} ms, ` +
        `${failures} injected failures failed over`,
    );
  }, 30_000);
});

/*
 * One channel per fault, tried first (priority 1), each with a healthy fallback on the `healthy` channel
 * (priority 0). Breaker threshold 3: no single fault test fails its target that often, and the breaker test
 * uses its own pair of targets.
 */
const FAULT_YAML = {
  channels: `
  - name: bad-reset
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [f-reset]
    model_map: { f-reset: reset-connection }
    priority: 1
  - name: bad-stall-headers
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [f-stall-headers]
    model_map: { f-stall-headers: stall-headers }
    priority: 1
    timeouts: { first_byte_ms: 300, total_ms: 5000 }
  - name: bad-malformed
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [f-malformed]
    model_map: { f-malformed: malformed-sse }
    priority: 1
  - name: bad-stall-mid
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [f-stall-mid]
    model_map: { f-stall-mid: stall-mid-stream }
    priority: 1
    timeouts: { first_byte_ms: 2000, idle_ms: 300, total_ms: 5000 }
  - name: bad-429
    base_url: {{upstream}}
    api_key: ${THIRD_KEY}
    models: [f-429]
    model_map: { f-429: error-429-retry-after }
    priority: 1
  - name: bad-429-now
    base_url: {{upstream}}
    api_key: ${THIRD_KEY}
    models: [f-429-now]
    model_map: { f-429-now: error-429-retry-after }
    priority: 1
  - name: bad-flaky
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [f-flaky]
    model_map: { f-flaky: flaky-500 }
    priority: 1
  - name: healthy
    base_url: {{upstream}}
    api_key: ${SECOND_KEY}
    models: [f-reset, f-stall-headers, f-malformed, f-stall-mid, f-429, f-429-now, f-flaky]
    model_map:
      f-reset: good-reset
      f-stall-headers: good-stall-headers
      f-malformed: good-malformed
      f-stall-mid: good-stall-mid
      f-429: good-429
      f-429-now: good-429
      f-flaky: good-flaky
  - name: brk-a
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [brk-model]
    model_map: { brk-model: brk-a }
  - name: brk-b
    base_url: {{upstream}}
    api_key: ${SECOND_KEY}
    models: [brk-model]
    model_map: { brk-model: brk-b }
`,
  top: `
retry: { max_attempts: 3, initial_backoff_ms: 1, max_backoff_ms: 10 }
breaker: { failure_threshold: 3, window_ms: 60000, cooldown_ms: 300 }
`,
};

describe.each(DEPLOYMENTS)('each upstream fault, with failover ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment, { yaml: FAULT_YAML });
  beforeEach(() => harness.upstream?.reset());

  async function usageOf(requestId: string | null): Promise<UsageView> {
    await harness.opt.flushUsage();
    const records = (await allUsage(harness.opt.url)).filter((record) => record.request_id === requestId);
    expect(records, `usage of ${requestId}`).toHaveLength(1);
    return records[0] as UsageView;
  }

  it('fails over from an upstream that resets the connection', async () => {
    for (const stream of [false, true]) {
      const outcome = await chat(harness.opt.url, 'f-reset', stream);
      expect(outcome.status, outcome.text).toBe(200);
      expect(outcome.text).toContain('good-reset');
      if (stream) expect(outcome.text.trim().endsWith('data: [DONE]')).toBe(true);
      expect(await usageOf(outcome.requestId)).toMatchObject({
        status: 'ok',
        channel: 'healthy',
        attempts: 2,
      });
    }
    expect(harness.upstream.callsFor('reset-connection')).toBe(2);
  });

  it('fails over from an upstream that never sends headers, after first_byte_ms', async () => {
    // Both at once: each waits out the first-byte timeout.
    const outcomes = await Promise.all(
      [false, true].map((stream) => chat(harness.opt.url, 'f-stall-headers', stream)),
    );
    for (const outcome of outcomes) {
      expect(outcome.status, outcome.text).toBe(200);
      expect(outcome.text).toContain('good-stall-headers');
      expect(outcome.ms).toBeGreaterThanOrEqual(290);
      expect(outcome.ms).toBeLessThan(TIMER_BOUND_MS);
      expect(await usageOf(outcome.requestId)).toMatchObject({
        status: 'ok',
        channel: 'healthy',
        attempts: 2,
      });
    }
  });

  it('ends a stream whose SSE turns malformed after the first chunk with one error event, no failover', async () => {
    const outcome = await chat(harness.opt.url, 'f-malformed', true);
    expect(outcome.status).toBe(200);
    const data = sseData(outcome.text);
    expect(JSON.parse(data[0] as string).choices[0].delta.content).toBe('Hi');
    expect(data).not.toContain('[DONE]');
    const errors = data.filter((payload) => payload.includes('"error"'));
    expect(errors).toHaveLength(1);
    expect(data.at(-1)).toBe(errors[0]);
    expectOpenAiError(JSON.parse(errors[0] as string));
    // The first chunk reached the client: nothing may be retried after it.
    expect(harness.upstream.callsFor('good-malformed')).toBe(0);
    const record = await usageOf(outcome.requestId);
    expect(record.status).not.toBe('ok');
    expect(record).toMatchObject({ channel: 'bad-malformed', attempts: 1, stream: true });
  });

  it('cuts a stream that stalls mid-way after idle_ms: one error event, no [DONE], usage settled as timeout', async () => {
    const outcome = await chat(harness.opt.url, 'f-stall-mid', true);
    expect(outcome.status).toBe(200);
    expect(outcome.ms).toBeGreaterThanOrEqual(290);
    expect(outcome.ms).toBeLessThan(TIMER_BOUND_MS);
    const data = sseData(outcome.text);
    expect(JSON.parse(data[0] as string).choices[0].delta.content).toBe('partial');
    expect(data).not.toContain('[DONE]');
    expect(data).toHaveLength(2);
    const error = expectOpenAiError(JSON.parse(data[1] as string));
    expect(error.code).toBe('upstream_timeout');
    expect(harness.upstream.callsFor('good-stall-mid')).toBe(0);
    expect(await usageOf(outcome.requestId)).toMatchObject({
      status: 'timeout',
      channel: 'bad-stall-mid',
      attempts: 1,
      stream: true,
    });
  });

  it('fails over from a 429 with retry-after, and leaves the limited key cooling', async () => {
    const pending = chat(harness.opt.url, 'f-429');
    // As soon as bad-429 has answered its 429, its only key cools for the retry-after (1 s): a request
    // now goes straight to the healthy channel without calling bad-429.
    while (harness.upstream.callsFor('error-429-retry-after') === 0) await sleep(5);
    await sleep(20);
    const second = await chat(harness.opt.url, 'f-429', true);
    expect(second.status).toBe(200);
    expect(second.text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(harness.upstream.callsFor('error-429-retry-after')).toBe(1);
    expect(second.ms).toBeLessThan(800);
    expect(await usageOf(second.requestId)).toMatchObject({ status: 'ok', channel: 'healthy', attempts: 1 });
    const first = await pending;
    expect(first.status, first.text).toBe(200);
    expect(first.text).toContain('good-429');
    // Within the deadline; the failover does not wait out the other key's retry-after (next test).
    expect(first.ms).toBeLessThan(1_000 + LATENCY_SLACK_MS);
    expect(await usageOf(first.requestId)).toMatchObject({ status: 'ok', channel: 'healthy', attempts: 2 });
  });

  /*
   * A 429's retry-after binds only a retry with the same key: the failover to another channel and key goes
   * out at once (the limited key is cooling down meanwhile).
   */
  it('fails over from a 429 with retry-after to another channel at once', async () => {
    // Its own channel, so the previous test's cooling key is no matter.
    const outcome = await chat(harness.opt.url, 'f-429-now');
    expect(outcome.status, outcome.text).toBe(200);
    expect(harness.upstream.callsFor('error-429-retry-after')).toBe(1);
    expect(outcome.ms).toBeLessThan(800);
  });

  it('fails over the calls of an intermittently failing (500) upstream', async () => {
    const outcomes: Outcome[] = [];
    for (let index = 0; index < 6; index++)
      outcomes.push(await chat(harness.opt.url, 'f-flaky', index % 2 === 1));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(harness.upstream.failuresFor('flaky-500')).toBe(2);
    expect(harness.upstream.callsFor('good-flaky')).toBe(2);
    const attempts = [];
    for (const outcome of outcomes) attempts.push((await usageOf(outcome.requestId)).attempts);
    expect(attempts).toEqual([1, 1, 2, 1, 1, 2]);
  });

  it('opens the breaker under concurrent load, keeps every request served, then probes and closes it', async () => {
    harness.upstream.setFailureMode('brk-a', { kind: 'fail-always', status: 500 });
    const started = performance.now();
    const outcomes = await pool(100, 20, (index) =>
      chat(harness.opt.url, 'brk-model', index % 2 === 1, index),
    );
    const loadMs = performance.now() - started;
    for (const outcome of outcomes) expectCleanOutcome(outcome);
    expect(outcomes.filter((outcome) => outcome.status !== 200)).toEqual([]);
    // Open (2), or open with its cooldown passed (reads 1, half-open): the load outlasts the 300 ms cooldown.
    expect([1, 2]).toContain(await breakerState(harness.opt.url, 'brk-a', 'brk-a'));
    // brk-a saw its threshold, the requests already past the breaker when it opened (at most the 20 in
    // flight) and one failed probe per cooldown, not its share (about half) of 100.
    const failedCalls = harness.upstream.callsFor('brk-a');
    const probes = Math.ceil(loadMs / 300) + 1;
    expect(failedCalls).toBeGreaterThanOrEqual(3);
    expect(failedCalls).toBeLessThan(3 + 20 + probes);
    expect(failedCalls).toBeLessThan(50);
    await harness.opt.flushUsage();
    const ids = new Set(outcomes.map((outcome) => outcome.requestId));
    const records = (await allUsage(harness.opt.url, '&model=brk-model')).filter((record) =>
      ids.has(record.request_id),
    );
    expect(records).toHaveLength(100);
    expect(records.every((record) => record.status === 'ok' && record.channel === 'brk-b')).toBe(true);

    // Healthy again: after the cooldown one request that orders brk-a first probes it and closes it.
    harness.upstream.setFailureMode('brk-a', null);
    await sleep(350);
    for (let index = 0; index < 60 && harness.upstream.callsFor('brk-a') === failedCalls; index++)
      expect((await chat(harness.opt.url, 'brk-model')).status).toBe(200);
    expect(harness.upstream.callsFor('brk-a')).toBe(failedCalls + 1);
    expect(await breakerState(harness.opt.url, 'brk-a', 'brk-a')).toBe(0);
  });
});
