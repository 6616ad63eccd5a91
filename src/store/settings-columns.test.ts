import { describe, expect, it } from 'vitest';
import { readStringArray } from './column-values.js';
import type { SettingsColumns } from './database-schema.js';
import { fromSettings, toSettings } from './settings-columns.js';

const NO_SETTINGS: SettingsColumns = {
  budget_micros: null,
  budget_period: null,
  rpm: null,
  tpm: null,
  concurrency: null,
  prompt_retention_days: null,
};

describe('settings columns', () => {
  it('maps a budget, limits and prompt logging both ways', () => {
    const settings = {
      budget: { amountMicros: 5_000_000, period: 'weekly' },
      limits: { rpm: 10, tpm: null, concurrency: 2 },
      promptLogging: { retentionDays: 14 },
    };
    expect(toSettings(fromSettings(settings), 'teams')).toEqual(settings);
    expect(toSettings(NO_SETTINGS, 'teams')).toEqual({
      budget: null,
      limits: { rpm: null, tpm: null, concurrency: null },
      promptLogging: null,
    });
  });

  it('refuses half a budget rather than reading it as no budget', () => {
    expect(() => toSettings({ ...NO_SETTINGS, budget_micros: 5 }, 'api_keys')).toThrow(/api_keys\.budget/);
    expect(() => toSettings({ ...NO_SETTINGS, budget_period: 'daily' }, 'teams')).toThrow(/only one/);
  });

  it('refuses JSON columns that are not arrays of strings', () => {
    expect(readStringArray('["a","b"]', 'teams.models')).toEqual(['a', 'b']);
    expect(readStringArray(null, 'teams.models')).toBeNull();
    for (const text of ['{', '"a"', '[1]', '{"a":1}']) {
      expect(() => readStringArray(text, 'api_keys.allow_ips')).toThrow(/api_keys\.allow_ips/);
    }
  });
});
