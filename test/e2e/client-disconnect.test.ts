import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_KEY, fetchUsage, useTestOpt } from '../support/start-test-opt.js';

const harness = useTestOpt();
const upstream = harness.upstream;

/** Starts a slow stream, reads `events` data events, then drops the connection. */
function streamThenDisconnect(events: number): Promise<{ requestId: string; received: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${harness.opt.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    });
    outgoing.on('response', (response) => {
      let received = '';
      response.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.split('\n\n').length > events) {
          outgoing.destroy();
          resolve({ requestId: String(response.headers['x-request-id']), received });
        }
      });
    });
    outgoing.on('error', () => undefined);
    outgoing.on('close', () => reject(new Error('closed before enough events arrived')));
    outgoing.end(
      JSON.stringify({
        model: 'slow-stream',
        messages: [{ role: 'user', content: 'tell me a long story' }],
        stream: true,
      }),
    );
  });
}

describe('client disconnect mid-stream', () => {
  it('aborts the upstream request at once and still records the usage so far', async () => {
    const abortedBefore = upstream.abortedResponses;
    const { requestId } = await streamThenDisconnect(5);
    const disconnectedAt = Date.now();
    // The fake upstream writes a chunk every 20 ms for 4 s: its response must be cut within moments.
    while (upstream.abortedResponses === abortedBefore && Date.now() - disconnectedAt < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(upstream.abortedResponses).toBe(abortedBefore + 1);
    expect(Date.now() - disconnectedAt).toBeLessThan(500);

    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url, '&model=slow-stream');
    const record = records.find((item) => item.request_id === requestId);
    expect(record).toMatchObject({
      status: 'cancelled',
      stream: true,
      usage_source: 'estimated',
      channel: 'fake',
    });
    // What had been produced before the disconnect is counted, not zero and not the whole story.
    expect(record?.completion_tokens).toBeGreaterThan(0);
    expect(record?.completion_tokens).toBeLessThan(200);
    expect(record?.prompt_tokens).toBeGreaterThan(0);
  });
});
