import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-cn';
import { usageSourceKey, usageSourceText, usageStatusKey, usageStatusText } from './usage-labels';
import { USAGE_STATUSES } from './usage-types';

describe('usage labels', () => {
  it('has a message in every language for every status and usage source', () => {
    for (const status of USAGE_STATUSES) {
      const key = usageStatusKey(status);
      expect(key, status).not.toBeNull();
      if (!key) continue;
      expect(en[key]).not.toBe(status);
      expect(zhCN[key].length).toBeGreaterThan(0);
    }
    for (const source of ['upstream', 'estimated', 'none']) {
      const key = usageSourceKey(source);
      expect(key, source).not.toBeNull();
      if (key) expect(zhCN[key].length).toBeGreaterThan(0);
    }
  });

  it('translates known values and shows unknown ones as sent', () => {
    const t = (key: keyof typeof en) => en[key];
    expect(usageStatusText(t, 'upstream_error')).toBe('Upstream error');
    expect(usageStatusText(t, 'ok')).toBe('OK');
    expect(usageStatusText(t, 'brand_new')).toBe('brand_new');
    expect(usageStatusText(t, 'toString')).toBe('toString');
    expect(usageSourceText(t, 'estimated')).toBe('Estimated');
    expect(usageSourceText(t, 'other')).toBe('other');
  });
});
