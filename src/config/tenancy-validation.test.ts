import { describe, expect, it } from 'vitest';
import { configErrorMessage, TENANCY_CHANNELS, useOptYamlLoader } from '../../test/support/opt-yaml.js';

const loadYaml = useOptYamlLoader();

function withKey(fields: string, teams = ''): string {
  return `${TENANCY_CHANNELS}${teams}keys:\n  - name: bot\n${fields}`;
}

describe('billing, price, model limit and key validation messages', () => {
  it.each([
    // Top level and billing.
    [
      'a lower-case currency',
      'currency: cny\n',
      'opt.yaml: currency: expected a 3-letter upper-case currency code like USD or CNY, got "cny"',
    ],
    ['a numeric currency', 'currency: 978\n', 'opt.yaml: currency: expected a string, got 978'],
    [
      'an unknown billing key',
      'billing: { reserve: 1 }\n',
      'opt.yaml: billing: unknown key "reserve" (allowed: reserve_max_tokens, tpm_counts_cached_tokens)',
    ],
    [
      'a negative reserve',
      'billing: { reserve_max_tokens: -1 }\n',
      'opt.yaml: billing.reserve_max_tokens: expected an integer from 0 to 1000000, got -1',
    ],
    [
      'a non-boolean flag',
      'billing: { tpm_counts_cached_tokens: yes }\n',
      'opt.yaml: billing.tpm_counts_cached_tokens: expected true or false, got "yes"',
    ],
    [
      'a non-boolean trust_proxy',
      'server: { trust_proxy: 1 }\n',
      'opt.yaml: server.trust_proxy: expected true or false, got 1',
    ],

    // Prices.
    ['prices as a list', 'prices: [m1]\n', 'opt.yaml: prices: expected a mapping, got a list'],
    ['a price without output', 'prices:\n  m1: { input: 1 }\n', 'opt.yaml: prices.m1.output: is required'],
    ['a price without input', 'prices:\n  m1: { output: 1 }\n', 'opt.yaml: prices.m1.input: is required'],
    [
      'an unknown price key',
      'prices:\n  m1: { input: 1, output: 1, cache: 1 }\n',
      'opt.yaml: prices.m1: unknown key "cache" (allowed: input, cached_input, output)',
    ],
    [
      'a negative price',
      'prices:\n  m1: { input: -1, output: 1 }\n',
      'opt.yaml: prices.m1.input: expected a non-negative amount with at most 6 decimals, got -1',
    ],
    [
      'a price with 7 decimals',
      'prices:\n  m1: { input: 1, output: 0.0000001 }\n',
      'opt.yaml: prices.m1.output: expected a non-negative amount with at most 6 decimals, got 1e-7',
    ],
    [
      'a price as text',
      'prices:\n  m1: { input: 1, cached_input: cheap, output: 1 }\n',
      'opt.yaml: prices.m1.cached_input: expected a non-negative amount with at most 6 decimals, got "cheap"',
    ],
    [
      'a price model with a space',
      'prices:\n  "m 1": { input: 1, output: 1 }\n',
      'opt.yaml: prices["m 1"]: model ids must be at most 256 characters',
    ],
    ['a price that is a number', 'prices:\n  m1: 2.4\n', 'opt.yaml: prices.m1: expected a mapping, got 2.4'],

    // Model limits.
    [
      'a model limit for an unserved model',
      `${TENANCY_CHANNELS}model_limits:\n  gpt-5: { rpm: 1 }\n`,
      'opt.yaml: model_limits.gpt-5: no channel serves model "gpt-5"',
    ],
    [
      'a zero model rpm',
      `${TENANCY_CHANNELS}model_limits:\n  m1: { rpm: 0 }\n`,
      'opt.yaml: model_limits.m1.rpm: expected an integer from 1 to 1000000000, got 0',
    ],
    [
      'an empty model limit entry',
      `${TENANCY_CHANNELS}model_limits:\n  m1:\n`,
      'opt.yaml: model_limits.m1: expected a mapping, got nothing',
    ],
    [
      'an unknown limit key',
      `${TENANCY_CHANNELS}model_limits:\n  m1: { rps: 1 }\n`,
      'opt.yaml: model_limits.m1: unknown key "rps" (allowed: rpm, tpm, concurrency)',
    ],

    // Keys.
    [
      'a key with an unknown team',
      withKey('    team: research\n'),
      'opt.yaml: keys[0].team: no team named "research" under teams',
    ],
    [
      'a key model outside its team',
      withKey(
        '    team: research\n    models: [qwen-plus, m1]\n',
        'teams: [{ name: research, models: [qwen-plus] }]\n',
      ),
      'opt.yaml: keys[0].models[1]: team "research" does not allow model "m1" (a key\'s models must be among its team\'s)',
    ],
    [
      'a key model no channel serves',
      withKey('    team: research\n    models: [gpt-5]\n', 'teams: [{ name: research, models: [m1] }]\n'),
      'opt.yaml: keys[0].models[0]: no channel serves model "gpt-5"',
    ],
    [
      'a key budget with a bad period',
      withKey('    budget: { amount: 20, period: rolling_0h }\n'),
      'opt.yaml: keys[0].budget.period: expected none, daily, weekly, monthly, or a rolling window like rolling_5h or rolling_7d, got "rolling_0h"',
    ],
    [
      'an unknown key budget field',
      withKey('    budget: { amount: 20, period: daily, currency: USD }\n'),
      'opt.yaml: keys[0].budget: unknown key "currency" (allowed: amount, period)',
    ],
    [
      'a zero key rpm',
      withKey('    limits: { rpm: 0 }\n'),
      'opt.yaml: keys[0].limits.rpm: expected an integer from 1 to 1000000000, got 0',
    ],
    [
      'a key expiry without a zone',
      withKey('    expires_at: "2027-01-01 00:00:00"\n'),
      'opt.yaml: keys[0].expires_at: expected an ISO 8601 date and time with a time zone, like 2027-01-01T00:00:00Z, got "2027-01-01 00:00:00"',
    ],
    [
      'an invalid address',
      withKey('    allow_ips: [10.0.0.0/8, example.com]\n'),
      'opt.yaml: keys[0].allow_ips[1]: expected an IPv4 or IPv6 address or CIDR block like 10.0.0.0/8 or 2001:db8::/32, got "example.com"',
    ],
    [
      'a prefix out of range',
      withKey('    allow_ips: [10.0.0.0/33]\n'),
      'opt.yaml: keys[0].allow_ips[0]: expected an IPv4 or IPv6 address or CIDR block like 10.0.0.0/8 or 2001:db8::/32, got "10.0.0.0/33"',
    ],
    [
      'an IPv6 prefix out of range',
      withKey('    allow_ips: ["2001:db8::/129"]\n'),
      'opt.yaml: keys[0].allow_ips[0]: expected an IPv4 or IPv6 address or CIDR block',
    ],
    [
      'the same rule written twice',
      withKey('    allow_ips: [10.0.0.1, 10.0.0.1/32]\n'),
      'opt.yaml: keys[0].allow_ips[1]: duplicate rule "10.0.0.1" (same as allow_ips[0])',
    ],
    [
      'an empty allow_ips',
      withKey('    allow_ips: []\n'),
      'opt.yaml: keys[0].allow_ips: must list at least one address or CIDR block; omit it to allow any address',
    ],
    [
      'allow_ips as a string',
      withKey('    allow_ips: 10.0.0.0/8\n'),
      'opt.yaml: keys[0].allow_ips: expected a list, got "10.0.0.0/8"',
    ],
    [
      'a key retention of zero days',
      withKey('    prompt_logging: { retention_days: 0 }\n'),
      'opt.yaml: keys[0].prompt_logging.retention_days: expected an integer from 1 to 3650, got 0',
    ],
    [
      'a price multiplier on a key',
      withKey('    price_multiplier: 0.5\n'),
      'opt.yaml: keys[0]: unknown key "price_multiplier"',
    ],
  ] as const)('reports %s', (_label, yaml, expected) => {
    expect(configErrorMessage(() => loadYaml(yaml))).toContain(expected);
  });
});
