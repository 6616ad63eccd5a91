import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { rawRequest, sseData } from '../support/raw-http.js';
import { CLIENT_KEY, useTestOpt } from '../support/start-test-opt.js';

const harness = useTestOpt();

function chat(body: Record<string, unknown>, agent?: Agent) {
  return rawRequest(`${harness.opt.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    agent,
  });
}

describe('SSE framing on the wire', () => {
  it('sends event-stream headers, single-line data events and one [DONE] at the end', async () => {
    const response = await chat({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'a b c' }],
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-request-id']).toMatch(/^req_/);
    const data = sseData(response.text);
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.filter((item) => item === '[DONE]')).toHaveLength(1);
    const chunks = data.slice(0, -1).map((item) => JSON.parse(item));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    // Without include_usage the client sees no usage at all, not even "usage": null.
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishes).toHaveLength(1);
    expect(finishes[0].choices[0].finish_reason).toBe('stop');
  });

  it('with include_usage, every chunk carries usage null and a final choices:[] chunk carries usage', async () => {
    const response = await chat({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'a b' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = sseData(response.text)
      .slice(0, -1)
      .map((item) => JSON.parse(item));
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('adds the role to the first delta when an upstream forgets it', async () => {
    const response = await chat({
      model: 'no-role',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const first = JSON.parse(sseData(response.text)[0]!);
    expect(first.choices[0].delta).toEqual({ role: 'assistant', content: 'no role here' });
  });

  it('keeps the connection reusable after a stream', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await chat(
      { model: 'gpt-test', messages: [{ role: 'user', content: 'one' }], stream: true },
      agent,
    );
    const second = await chat({ model: 'gpt-test', messages: [{ role: 'user', content: 'two' }] }, agent);
    const third = await chat(
      { model: 'gpt-test', messages: [{ role: 'user', content: 'three' }], stream: true },
      agent,
    );
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(second.localPort).toBe(first.localPort);
    expect(third.localPort).toBe(first.localPort);
    agent.destroy();
  });

  it('ends a stream that fails after the first byte with one error event and no [DONE]', async () => {
    for (const model of ['error-in-stream', 'malformed-sse', 'broken-stream']) {
      const response = await chat({ model, messages: [{ role: 'user', content: 'x' }], stream: true });
      expect(response.status).toBe(200);
      const data = sseData(response.text);
      expect(data).not.toContain('[DONE]');
      const last = JSON.parse(data.at(-1)!);
      expect(last.error).toMatchObject({ type: 'server_error', param: null });
      expect(typeof last.error.message).toBe('string');
      expect(Object.keys(last.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    }
  });

  it('cuts a stream that stalls mid-way with a timeout error event', async () => {
    const started = Date.now();
    const response = await chat({
      model: 'stall-mid-stream',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const data = sseData(response.text);
    expect(JSON.parse(data[0]!).choices[0].delta.content).toBe('partial');
    expect(JSON.parse(data.at(-1)!).error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
