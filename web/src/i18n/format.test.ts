import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

const en = createFormatters('en', 'USD');

describe('format.duration', () => {
  it('keeps short durations in ms and seconds', () => {
    expect(en.duration(850)).toBe('850 ms');
    expect(en.duration(1234)).toBe('1.23 sec');
    expect(en.duration(12_340)).toBe('12.3 sec');
  });

  it('rounds the total before splitting into minutes and seconds', () => {
    expect(en.duration(999.6)).toBe('1 sec');
    expect(en.duration(59_950)).toBe('1 min 0 sec');
    expect(en.duration(119_700)).toBe('2 min 0 sec');
    expect(en.duration(125_000)).toBe('2 min 5 sec');
    expect(en.duration(3_599_700)).toBe('1 hr 0 min');
    expect(en.duration(7_170_000)).toBe('2 hr 0 min');
    expect(en.duration(5_400_000)).toBe('1 hr 30 min');
  });
});

describe('format.utcDate / utcDateTime', () => {
  // A UTC day bucket: the label is that UTC day whatever the browser's zone is.
  const bucket = Date.parse('2026-11-30T00:00:00Z');

  it('labels a UTC bucket by its UTC day', () => {
    expect(en.utcDate(bucket)).toBe('Nov 30, 2026');
    expect(en.utcDate('2026-11-30T23:59:59Z')).toBe('Nov 30, 2026');
    expect(createFormatters('zh-CN', 'USD').utcDate(bucket)).toBe('2026年11月30日');
  });

  it('names UTC on hour labels', () => {
    expect(en.utcDateTime(Date.parse('2026-11-30T05:00:00Z'))).toMatch(/^Nov 30, 2026, 05:00 (AM )?UTC$/);
  });
});
