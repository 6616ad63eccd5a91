import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAiUpstream, UPSTREAM_KEY, UPSTREAM_KEYS } from '../support/fake-openai-upstream.js';

/** The fake upstream's fault injection, called directly (no OPT in between). */
const upstream = new FakeOpenAiUpstream();
const [, SECOND_KEY = '', THIRD_KEY = ''] = UPSTREAM_KEYS;

beforeAll(async () => {
  await upstream.start();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function call(model: string, options: { key?: string; stream?: boolean; signal?: AbortSignal } = {}) {
  return fetch(`${upstream.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.key ?? UPSTREAM_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      messages: [{ role: 'user', content: 'hello there' }],
      ...(options.stream ? { stream: true } : {}),
    }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function statuses(model: string, times: number, key?: string): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < times; index++) {
    const response = await call(model, key ? { key } : {});
    await response.arrayBuffer();
    seen.push(response.status);
  }
  return seen;
}

async function expectError(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return body.error;
}

/** Resolves to the low-level cause of a fetch that failed (a reset or an abort). */
async function failureOf(request: Promise<Response>): Promise<{ name?: string; code?: string }> {
  const error = (await request.then(
    () => {
      throw new Error('the request succeeded');
    },
    (failure: unknown) => failure,
  )) as Error & { cause?: { code?: string } };
  return { name: error.name, code: error.cause?.code };
}

describe('fault scenarios', () => {
  it('reset-connection resets the socket before any response byte', async () => {
    expect((await failureOf(call('reset-connection'))).code).toBe('ECONNRESET');
    expect(upstream.callsFor('reset-connection')).toBe(1);
    expect(upstream.abortedResponses).toBe(0);
  });

  it('error-429-retry-after answers a rate-limit error with retry-after 1', async () => {
    const response = await call('error-429-retry-after');
    expect(response.headers.get('retry-after')).toBe('1');
    const error = await expectError(response, 429);
    expect(error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests', param: null });
    expect(error.message).toContain('Rate limit reached for error-429-retry-after');
  });

  it('error-403 answers a permission error', async () => {
    expect(await expectError(await call('error-403'), 403)).toMatchObject({
      type: 'invalid_request_error',
      message: 'You are not allowed to sample from this model',
    });
  });

  it('flaky-500 fails every third call by default, or as its failure mode says', async () => {
    expect(await statuses('flaky-500', 6)).toEqual([200, 200, 500, 200, 200, 500]);
    expect([upstream.callsFor('flaky-500'), upstream.failuresFor('flaky-500')]).toEqual([6, 2]);
    upstream.setFailureMode('flaky-500', { kind: 'fail-every', n: 2 });
    expect(await statuses('flaky-500', 4)).toEqual([200, 500, 200, 500]);
    const response = await call('flaky-500');
    expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(1);
  });

  it('slow-ok answers normally after its delay, and a deadline cuts it', async () => {
    upstream.slowOkDelayMs = 300;
    const started = Date.now();
    const response = await call('slow-ok', { stream: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toMatch(/"content":" there"[\s\S]*data: \[DONE\]\n\n$/);
    const cut = await failureOf(call('slow-ok', { signal: AbortSignal.timeout(100) }));
    expect(cut.name).toBe('TimeoutError');
  });

  it('keeps stall-headers, stall-mid-stream and malformed-sse', async () => {
    expect((await failureOf(call('stall-headers', { signal: AbortSignal.timeout(150) }))).name).toBe(
      'TimeoutError',
    );
    const stalled = await call('stall-mid-stream', { stream: true, signal: AbortSignal.timeout(300) });
    const reader = stalled.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"content":"partial"');
    await expect(reader.read()).rejects.toThrow();
    expect(await (await call('malformed-sse', { stream: true })).text()).toContain('data: {not json\n\n');
  });
});

describe('failure modes', () => {
  it('fail-until fails the first calls of any model, echo targets included, then lets them through', async () => {
    upstream.setFailureMode('echo', { kind: 'fail-until', count: 2, status: 503 });
    expect(await expectError(await call('echo', { stream: true }), 503)).toMatchObject({
      type: 'server_error',
    });
    expect(await statuses('echo', 2)).toEqual([503, 200]);
    expect([upstream.callsFor('echo'), upstream.failuresFor('echo')]).toEqual([3, 2]);
  });

  it('fail-every and fail-always answer real 5xx with OpenAI envelopes', async () => {
    upstream.setFailureMode('gpt-4o', { kind: 'fail-every', n: 3, status: 502 });
    expect(await statuses('gpt-4o', 3)).toEqual([200, 200, 502]);
    upstream.setFailureMode('gpt-4o', { kind: 'fail-always' });
    expect(await expectError(await call('gpt-4o'), 500)).toMatchObject({ type: 'server_error' });
    upstream.setFailureMode('gpt-4o', null);
    expect(await statuses('gpt-4o', 1)).toEqual([200]);
    expect(upstream.failuresFor('gpt-4o')).toBe(2);
  });

  it('reset-every resets every n-th connection', async () => {
    upstream.setFailureMode('echo', { kind: 'reset-every', n: 2 });
    expect(await statuses('echo', 1)).toEqual([200]);
    expect((await failureOf(call('echo'))).code).toBe('ECONNRESET');
    expect(await statuses('echo', 1)).toEqual([200]);
    expect(upstream.failuresFor('echo')).toBe(1);
  });

  it('reset() clears modes and counters', async () => {
    upstream.setFailureMode('echo', { kind: 'fail-always' });
    await statuses('echo', 1);
    upstream.reset();
    expect([upstream.callsFor('echo'), upstream.failuresFor('echo'), upstream.keysSeen()]).toEqual([
      0,
      0,
      [],
    ]);
    expect(await statuses('echo', 1)).toEqual([200]);
  });

  it('rejects a bad mode', () => {
    expect(() => upstream.setFailureMode('echo', { kind: 'fail-every', n: 0 })).toThrow();
  });
});

describe('upstream keys', () => {
  it('records the key of every request in order and accepts the UPSTREAM_KEYS', async () => {
    for (const key of [UPSTREAM_KEY, SECOND_KEY, THIRD_KEY, SECOND_KEY]) {
      expect(await statuses('echo', 1, key)).toEqual([200]);
    }
    expect(await expectError(await call('echo', { key: 'sk-unknown-key' }), 401)).toMatchObject({
      code: 'invalid_api_key',
    });
    expect(upstream.keysSeen()).toEqual([UPSTREAM_KEY, SECOND_KEY, THIRD_KEY, SECOND_KEY, 'sk-unknown-key']);
  });

  it('rejectKey refuses one key on every model with 401 or 403, and the others pass', async () => {
    upstream.rejectKey(SECOND_KEY, 403);
    upstream.rejectKey(THIRD_KEY, 401);
    expect(await statuses('echo', 1, SECOND_KEY)).toEqual([403]);
    const error = await expectError(await call('echo', { key: THIRD_KEY }), 401);
    expect(error).toMatchObject({ code: 'invalid_api_key' });
    expect(error.message).not.toContain(THIRD_KEY);
    expect(await statuses('echo', 1, UPSTREAM_KEY)).toEqual([200]);
    expect(upstream.failuresFor('echo')).toBe(2);
  });

  it('error-401 refuses every key, or only the rejected ones once some are', async () => {
    expect(await statuses('error-401', 1, SECOND_KEY)).toEqual([401]);
    upstream.rejectKey(SECOND_KEY, 401);
    expect(await statuses('error-401', 1, SECOND_KEY)).toEqual([401]);
    expect(await statuses('error-401', 1, UPSTREAM_KEY)).toEqual([200]);
  });
});
