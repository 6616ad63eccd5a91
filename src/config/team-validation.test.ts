import { describe, expect, it } from 'vitest';
import { configErrorMessage, TENANCY_CHANNELS, useOptYamlLoader } from '../../test/support/opt-yaml.js';

const loadYaml = useOptYamlLoader();

function withTeam(fields: string): string {
  return `${TENANCY_CHANNELS}teams:\n  - name: research\n${fields}`;
}

describe('team validation messages', () => {
  it.each([
    // Teams.
    ['teams as a mapping', 'teams: { research: {} }\n', 'opt.yaml: teams: expected a list, got a mapping'],
    ['a team without a name', 'teams:\n  - { models: [m1] }\n', 'opt.yaml: teams[0].name: is required'],
    [
      'an unknown team key',
      withTeam('    budgets: {}\n'),
      'opt.yaml: teams[0]: unknown key "budgets" (allowed: name, models, budget, limits, price_multiplier, expires_at, prompt_logging, members)',
    ],
    [
      'duplicate team names',
      'teams:\n  - { name: a }\n  - { name: b }\n  - { name: a }\n',
      'opt.yaml: teams[2].name: duplicate team name "a" (also teams[0])',
    ],
    [
      'a team model no channel serves',
      withTeam('    models: [m1, gpt-5]\n'),
      'opt.yaml: teams[0].models[1]: no channel serves model "gpt-5"',
    ],
    [
      'an empty team model list',
      withTeam('    models: []\n'),
      'opt.yaml: teams[0].models: must list at least one model; omit it to allow all models',
    ],
    [
      'a bad budget period',
      withTeam('    budget: { amount: 500, period: yearly }\n'),
      'opt.yaml: teams[0].budget.period: expected none, daily, weekly, monthly, or a rolling window like rolling_5h or rolling_7d, got "yearly"',
    ],
    [
      'a rolling window beyond a year',
      withTeam('    budget: { amount: 5, period: rolling_400d }\n'),
      'opt.yaml: teams[0].budget.period: expected none, daily, weekly, monthly, or a rolling window',
    ],
    [
      'a budget without a period',
      withTeam('    budget: { amount: 500 }\n'),
      'opt.yaml: teams[0].budget.period: is required (none, daily, weekly, monthly, or a rolling window like rolling_5h or rolling_7d)',
    ],
    [
      'a budget without an amount',
      withTeam('    budget: { period: daily }\n'),
      'opt.yaml: teams[0].budget.amount: is required',
    ],
    [
      'a negative budget',
      withTeam('    budget: { amount: -5, period: daily }\n'),
      'opt.yaml: teams[0].budget.amount: expected a non-negative amount with at most 6 decimals, got -5',
    ],
    [
      'a budget with 7 decimals',
      withTeam('    budget: { amount: "1.0000001", period: daily }\n'),
      'opt.yaml: teams[0].budget.amount: expected a non-negative amount with at most 6 decimals, got "1.0000001"',
    ],
    [
      'a budget that is a number',
      withTeam('    budget: 500\n'),
      'opt.yaml: teams[0].budget: expected a mapping, got 500',
    ],
    [
      'a fractional limit',
      withTeam('    limits: { tpm: 1.5 }\n'),
      'opt.yaml: teams[0].limits.tpm: expected an integer from 1 to 1000000000, got 1.5',
    ],
    [
      'a limit above 10^9',
      withTeam('    limits: { concurrency: 1000000001 }\n'),
      'opt.yaml: teams[0].limits.concurrency: expected an integer from 1 to 1000000000, got 1000000001',
    ],
    [
      'a zero price multiplier',
      withTeam('    price_multiplier: 0\n'),
      'opt.yaml: teams[0].price_multiplier: expected a number greater than 0 and at most 100, with at most 6 decimals, got 0',
    ],
    [
      'a price multiplier above 100',
      withTeam('    price_multiplier: 100.5\n'),
      'opt.yaml: teams[0].price_multiplier: expected a number greater than 0 and at most 100, with at most 6 decimals, got 100.5',
    ],
    [
      'a price multiplier with 7 decimals',
      withTeam('    price_multiplier: 0.1234567\n'),
      'opt.yaml: teams[0].price_multiplier: expected a number greater than 0 and at most 100, with at most 6 decimals, got 0.1234567',
    ],
    [
      'a date without a time',
      withTeam('    expires_at: 2027-01-01\n'),
      'opt.yaml: teams[0].expires_at: expected an ISO 8601 date and time with a time zone, like 2027-01-01T00:00:00Z, got "2027-01-01"',
    ],
    [
      'a time without a zone',
      withTeam('    expires_at: 2027-01-01T00:00:00\n'),
      'opt.yaml: teams[0].expires_at: expected an ISO 8601 date and time with a time zone, like 2027-01-01T00:00:00Z, got "2027-01-01T00:00:00"',
    ],
    [
      'a day that does not exist',
      withTeam('    expires_at: 2027-02-30T00:00:00Z\n'),
      'opt.yaml: teams[0].expires_at: expected an ISO 8601 date and time with a time zone',
    ],
    [
      'hour 24',
      withTeam('    expires_at: 2027-01-01T24:00:00Z\n'),
      'opt.yaml: teams[0].expires_at: expected an ISO 8601 date and time with a time zone',
    ],
    [
      'a numeric expiry',
      withTeam('    expires_at: 1798761600000\n'),
      'opt.yaml: teams[0].expires_at: expected a string, got 1798761600000',
    ],
    [
      'prompt logging without retention',
      withTeam('    prompt_logging: {}\n'),
      'opt.yaml: teams[0].prompt_logging.retention_days: is required',
    ],
    [
      'a retention above 3650 days',
      withTeam('    prompt_logging: { retention_days: 3651 }\n'),
      'opt.yaml: teams[0].prompt_logging.retention_days: expected an integer from 1 to 3650, got 3651',
    ],
    [
      'prompt logging as a boolean',
      withTeam('    prompt_logging: true\n'),
      'opt.yaml: teams[0].prompt_logging: expected a mapping, got true',
    ],
    [
      'a member without a name',
      withTeam('    members: [{ role: owner }]\n'),
      'opt.yaml: teams[0].members[0].member: is required',
    ],
    [
      'a member with a space',
      withTeam('    members: [{ member: "alice smith" }]\n'),
      'opt.yaml: teams[0].members[0].member: expected an e-mail address or user name (1 to 254 characters, no spaces), got "alice smith"',
    ],
    [
      'an unknown role',
      withTeam('    members: [{ member: alice, role: admin }]\n'),
      'opt.yaml: teams[0].members[0].role: expected owner or member, got "admin"',
    ],
    [
      'a duplicate member',
      withTeam('    members: [{ member: alice }, { member: alice, role: owner }]\n'),
      'opt.yaml: teams[0].members[1].member: duplicate member "alice" (also members[0])',
    ],
    [
      'members given as strings',
      withTeam('    members: [alice]\n'),
      'opt.yaml: teams[0].members[0]: expected a mapping, got "alice"',
    ],
  ] as const)('reports %s', (_label, yaml, expected) => {
    expect(configErrorMessage(() => loadYaml(yaml))).toContain(expected);
  });
});
