import { beforeEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { UPSTREAM_KEYS } from '../support/fake-openai-upstream.js';
import { CLIENT_KEY, fetchUsage } from '../support/start-test-opt.js';

const [FIRST_KEY, SECOND_KEY] = UPSTREAM_KEYS;

const YAML = {
  channels: `
  - name: primary
    base_url: {{upstream}}
    api_keys: ["${FIRST_KEY}", "${SECOND_KEY}"]
    models: [fo-model, fb-source]
    model_map: { fo-model: fo-primary, fb-source: fb-primary }
    priority: 1
  - name: secondary
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [fo-model]
    model_map: { fo-model: fo-secondary }
  - name: weighted-a
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [w-model]
    model_map: { w-model: w-a }
    weight: 3
  - name: weighted-b
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [w-model]
    model_map: { w-model: w-b }
  - name: fallback-target
    base_url: {{upstream}}
    api_key: ${FIRST_KEY}
    models: [fb-target]
    model_map: { fb-target: fb-upstream }
  - name: rotating
    base_url: {{upstream}}
    api_keys: ["${FIRST_KEY}", "${SECOND_KEY}"]
    models: [rr-model]
    model_map: { rr-model: rr-upstream }
`,
  top: `
fallbacks:
  fb-source: [fb-target]
retry: { max_attempts: 3, initial_backoff_ms: 5, max_backoff_ms: 20 }
breaker: { failure_threshold: 3, window_ms: 60000, cooldown_ms: 400 }
`,
};

function chat(url: string, model: string, extra: Record<string, unknown> = {}) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
  }).then(async (response) => ({ response, text: await response.text() }));
}

describe.each(DEPLOYMENTS)('failover, weights, fallbacks and breakers ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment, { yaml: YAML });
  beforeEach(() => harness.upstream?.reset());

  it('fails over from a failing top tier to the next tier and records where it was served', async () => {
    harness.upstream.setFailureMode('fo-primary', { kind: 'fail-always', status: 503 });
    const { response, text } = await chat(harness.opt.url, 'fo-model');
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text).model).toBe('fo-secondary');
    expect(harness.upstream.failuresFor('fo-primary')).toBeGreaterThanOrEqual(1);
    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url, '&model=fo-model');
    expect(records[0]).toMatchObject({ status: 'ok', channel: 'secondary', served_model: 'fo-secondary' });
  });

  it('streams fail over too when the failure comes before the first byte', async () => {
    harness.upstream.setFailureMode('fo-primary', { kind: 'fail-always', status: 500 });
    const { response, text } = await chat(harness.opt.url, 'fo-model', { stream: true });
    expect(response.status).toBe(200);
    expect(text).toContain('fo-secondary');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('returns a non-retryable upstream error (400) at once, without trying another target', async () => {
    harness.upstream.setFailureMode('fo-primary', { kind: 'fail-always', status: 400 });
    const secondaryCalls = harness.upstream.callsFor('fo-secondary');
    const { response, text } = await chat(harness.opt.url, 'fo-model');
    expect(response.status).toBe(400);
    expect(JSON.parse(text).error).toMatchObject({ message: 'Request failed with status 400.' });
    expect(harness.upstream.callsFor('fo-primary')).toBe(1);
    expect(harness.upstream.callsFor('fo-secondary')).toBe(secondaryCalls);
  });

  it('falls back to another model when every target of the requested one fails', async () => {
    harness.upstream.setFailureMode('fb-primary', { kind: 'fail-always', status: 502 });
    const { response, text } = await chat(harness.opt.url, 'fb-source');
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text).model).toBe('fb-upstream');
    await harness.opt.flushUsage();
    const records = await fetchUsage(harness.opt.url, '&model=fb-source');
    expect(records[0]).toMatchObject({ channel: 'fallback-target', served_model: 'fb-upstream' });
  });

  it('spreads a tier by weight (about 3:1)', async () => {
    for (let index = 0; index < 80; index += 1)
      expect((await chat(harness.opt.url, 'w-model')).response.status).toBe(200);
    const a = harness.upstream.callsFor('w-a');
    const b = harness.upstream.callsFor('w-b');
    expect(a + b).toBe(80);
    expect(a / 80).toBeGreaterThan(0.6);
    expect(a / 80).toBeLessThan(0.9);
  });

  it("uses a channel's keys round-robin and takes a key an upstream rejects (401) out of rotation", async () => {
    for (let index = 0; index < 4; index += 1) await chat(harness.opt.url, 'rr-model');
    expect(harness.upstream.keysSeen()).toEqual([FIRST_KEY, SECOND_KEY, FIRST_KEY, SECOND_KEY]);
    harness.upstream.reset();
    harness.upstream.rejectKey(SECOND_KEY as string, 401);
    for (let index = 0; index < 4; index += 1)
      expect((await chat(harness.opt.url, 'rr-model')).response.status).toBe(200);
    const seen = harness.upstream.keysSeen();
    expect(seen.filter((key) => key === SECOND_KEY)).toHaveLength(1);
    expect(seen.slice(-3)).toEqual([FIRST_KEY, FIRST_KEY, FIRST_KEY]);
  });

  it('opens a breaker after repeated failures, skips the target, then probes it and closes again', async () => {
    harness.upstream.setFailureMode('fo-primary', { kind: 'fail-always', status: 500 });
    for (let index = 0; index < 3; index += 1)
      expect((await chat(harness.opt.url, 'fo-model')).response.status).toBe(200);
    const failedCalls = harness.upstream.callsFor('fo-primary');
    // Open: the next requests go straight to the secondary.
    for (let index = 0; index < 3; index += 1)
      expect((await chat(harness.opt.url, 'fo-model')).response.status).toBe(200);
    expect(harness.upstream.callsFor('fo-primary')).toBe(failedCalls);
    const metrics = await (await fetch(`${harness.opt.url}/metrics`)).text();
    expect(metrics).toMatch(/opt_breaker_state\{channel="primary",target="fo-primary"\} 2/);
    // After the cooldown one live request probes the healthy primary and closes the breaker.
    harness.upstream.setFailureMode('fo-primary', null);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await chat(harness.opt.url, 'fo-model');
    expect(JSON.parse(probe.text).model).toBe('fo-primary');
    const after = await (await fetch(`${harness.opt.url}/metrics`)).text();
    expect(after).toMatch(/opt_breaker_state\{channel="primary",target="fo-primary"\} 0/);
  });
});
