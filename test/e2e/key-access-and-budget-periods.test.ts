import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { ADMIN_KEY } from '../support/start-test-opt.js';

const PERIOD_KEYS = {
  daily: 'sk-period-daily-0123456789abcdef',
  weekly: 'sk-period-weekly-0123456789abcdef',
  monthly: 'sk-period-monthly-0123456789abcdef',
  rolling_1h: 'sk-period-rolling-0123456789abcdef',
  none: 'sk-period-none-0123456789abcdef',
} as const;
const EXPIRING_KEY = 'sk-expiring-0123456789abcdef';
const OFFICE_ONLY_KEY = 'sk-office-only-0123456789abcdef';
const LOOPBACK_KEY = 'sk-loopback-only-0123456789abcdef';
const LOGGED_KEY = 'sk-logged-team-0123456789abcdef';

// Every budget below is 0.02 CNY. A request ("hello", max_tokens 1) reserves 9 estimated prompt tokens at
// 1,000 + 1 output token at 2,000 = 11,000 micros, and costs 2·1000 + 2·500 + 2·2000 = 7,000 micros:
// two requests fit in a window (20,000 → 13,000 → 6,000), the third is refused.
const YAML = {
  top: `
currency: CNY
prices:
  gpt-test: { input: 1000, cached_input: 500, output: 2000 }
teams:
  - name: logged
    prompt_logging: { retention_days: 2 }
`,
  keys: `${Object.entries(PERIOD_KEYS)
    .map(
      ([period, key]) => `
  - name: period-${period}
    key: ${key}
    budget: { amount: 0.02, period: ${period} }`,
    )
    .join('')}
  - name: expiring
    key: ${EXPIRING_KEY}
    expires_at: 2026-07-01T00:00:00Z
  - name: office-only
    key: ${OFFICE_ONLY_KEY}
    allow_ips: [10.0.0.0/8]
  - name: loopback-only
    key: ${LOOPBACK_KEY}
    allow_ips: [127.0.0.1, "::1"]
  - name: logged-member
    key: ${LOGGED_KEY}
    team: logged
`,
};

describe.each(DEPLOYMENTS)('keys, budgets and prompt logging ($name)', (deployment) => {
  const clock = { now: Date.parse('2026-06-15T12:00:00Z') };
  const harness = useDeploymentOpt(deployment, { yaml: YAML, now: () => clock.now });
  const upstream = harness.upstream;

  function chat(key: string, headers: Record<string, string> = {}) {
    return fetch(`${harness.opt.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        model: 'gpt-test',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'hello' }],
      }),
    }).then(async (response) => ({ response, body: JSON.parse(await response.text()) }));
  }

  function admin(method: string, path: string, body?: unknown) {
    return fetch(`${harness.opt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: JSON.parse(await response.text()) }));
  }

  /** Spends the window (two requests) and shows the third is refused; returns the refusal. */
  async function exhaust(key: string) {
    for (let index = 0; index < 2; index += 1) expect((await chat(key)).response.status).toBe(200);
    const refused = await chat(key);
    expect(refused.response.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(refused.response.headers.get('x-should-retry')).toBe('false');
    return refused;
  }

  describe('budget periods (UTC calendar windows, rolling windows, none)', () => {
    it('daily: refused until midnight UTC, with retry-after counting down to it', async () => {
      clock.now = Date.parse('2026-06-15T23:59:00Z');
      const refused = await exhaust(PERIOD_KEYS.daily);
      expect(refused.response.headers.get('retry-after')).toBe('60');
      clock.now = Date.parse('2026-06-15T23:59:59Z');
      expect((await chat(PERIOD_KEYS.daily)).response.status).toBe(429);
      clock.now = Date.parse('2026-06-16T00:00:00Z');
      expect((await chat(PERIOD_KEYS.daily)).response.status).toBe(200);
    });

    it('weekly: a new budget on Monday 00:00 UTC', async () => {
      clock.now = Date.parse('2026-06-21T22:00:00Z'); // a Sunday
      await exhaust(PERIOD_KEYS.weekly);
      clock.now = Date.parse('2026-06-22T00:00:00Z');
      expect((await chat(PERIOD_KEYS.weekly)).response.status).toBe(200);
    });

    it('monthly: a new budget on the 1st', async () => {
      clock.now = Date.parse('2026-06-30T20:00:00Z');
      await exhaust(PERIOD_KEYS.monthly);
      clock.now = Date.parse('2026-07-01T00:00:00Z');
      expect((await chat(PERIOD_KEYS.monthly)).response.status).toBe(200);
    });

    it('rolling_1h: spend leaves the window an hour later (never earlier)', async () => {
      clock.now = Date.parse('2026-06-15T12:00:00Z');
      const refused = await exhaust(PERIOD_KEYS.rolling_1h);
      expect(refused.response.headers.get('retry-after')).toBeNull();
      clock.now = Date.parse('2026-06-15T12:59:00Z');
      expect((await chat(PERIOD_KEYS.rolling_1h)).response.status).toBe(429);
      clock.now = Date.parse('2026-06-15T13:02:00Z');
      expect((await chat(PERIOD_KEYS.rolling_1h)).response.status).toBe(200);
    });

    it('none: never resets by itself; an admin grant (a ledger entry) tops it up', async () => {
      clock.now = Date.parse('2026-06-15T12:00:00Z');
      await exhaust(PERIOD_KEYS.none);
      clock.now = Date.parse('2027-06-15T12:00:00Z');
      expect((await chat(PERIOD_KEYS.none)).response.status).toBe(429);
      const keys = await admin('GET', '/admin/keys?search=period-none');
      const keyId = keys.body.data[0].id;
      const granted = await admin('POST', `/admin/keys/${keyId}/grants`, { amount: '0.01', note: 'top-up' });
      expect(granted.status, JSON.stringify(granted.body)).toBeLessThan(300);
      expect((await chat(PERIOD_KEYS.none)).response.status).toBe(200);
      await harness.opt.flushUsage();
      const budget = await admin('GET', `/admin/keys/${keyId}/budget`);
      expect(budget.body).toMatchObject({
        currency: 'CNY',
        period: 'none',
        spent_micros: 21_000,
        granted_micros: 10_000,
      });
      expect(budget.body.remaining_micros).toBe(20_000 + 10_000 - 21_000);
    });
  });

  describe('key access', () => {
    it('refuses an expired key with 401 and no upstream call', async () => {
      clock.now = Date.parse('2026-06-30T23:59:59Z');
      expect((await chat(EXPIRING_KEY)).response.status).toBe(200);
      const calls = upstream.requests.length;
      clock.now = Date.parse('2026-07-01T00:00:00Z');
      const expired = await chat(EXPIRING_KEY);
      expect(expired.response.status).toBe(401);
      expect(expired.body.error).toMatchObject({
        code: 'invalid_api_key',
        message: 'This API key expired at 2026-07-01T00:00:00.000Z.',
      });
      expect(upstream.requests.length).toBe(calls);
    });

    it('enforces the IP allow-list on the socket address (X-Forwarded-For is not trusted by default)', async () => {
      clock.now = Date.parse('2026-06-15T12:00:00Z');
      expect((await chat(LOOPBACK_KEY)).response.status).toBe(200);
      const refused = await chat(OFFICE_ONLY_KEY, { 'x-forwarded-for': '10.1.2.3' });
      expect(refused.response.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'ip_not_allowed', type: 'permission_error' });
    });

    it('refuses a key an admin disabled, and serves it again once enabled', async () => {
      clock.now = Date.parse('2026-06-15T12:00:00Z');
      const created = await admin('POST', '/admin/keys', { name: 'toggled' });
      expect(created.status).toBe(201);
      expect((await chat(created.body.key)).response.status).toBe(200);
      expect((await admin('POST', `/admin/keys/${created.body.id}/disable`)).status).toBe(200);
      const disabled = await chat(created.body.key);
      expect(disabled.response.status).toBe(401);
      expect(disabled.body.error.message).toBe('This API key is disabled.');
      expect((await admin('POST', `/admin/keys/${created.body.id}/enable`)).status).toBe(200);
      expect((await chat(created.body.key)).response.status).toBe(200);
    });
  });

  describe('prompt logging (opt-in per team or key)', () => {
    it("keeps the bodies of a logging team's requests for its retention, then purges them", async () => {
      clock.now = Date.parse('2026-06-15T12:00:00Z');
      const logged = await chat(LOGGED_KEY);
      const loggedId = logged.response.headers.get('x-request-id') ?? '';
      const plain = await chat(LOOPBACK_KEY);
      const plainId = plain.response.headers.get('x-request-id') ?? '';
      await harness.opt.flushUsage();
      const bodies = await harness.opt.opt.store.findRequestBodies(loggedId);
      expect(JSON.parse(bodies?.request ?? '{}')).toMatchObject({
        model: 'gpt-test',
        messages: [{ content: 'hello' }],
      });
      expect(JSON.parse(bodies?.response ?? '{}')).toMatchObject({ object: 'chat.completion' });
      expect(await harness.opt.opt.store.findRequestBodies(plainId)).toBeNull();

      expect(await harness.opt.opt.store.purgeRequestBodies(Date.parse('2026-06-17T11:59:00Z'))).toBe(0);
      expect(await harness.opt.opt.store.purgeRequestBodies(Date.parse('2026-06-17T12:00:01Z'))).toBe(1);
      expect(await harness.opt.opt.store.findRequestBodies(loggedId)).toBeNull();
    });
  });
});
