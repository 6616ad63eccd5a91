import { describe, expect, it } from 'vitest';
import { parseBudgetPeriod } from '../../api/budget-period.js';
import { currentQuotaWindow, parseQuotaWindowId } from './quota-window.js';

const NOW = Date.UTC(2025, 0, 15, 12); // a Wednesday

function windowOf(period: string) {
  return currentQuotaWindow(parseBudgetPeriod(period)!, NOW);
}

describe('quota windows', () => {
  it('names calendar windows by unit and start, and knows their end', () => {
    expect(windowOf('daily')).toMatchObject({
      id: `day:${Date.UTC(2025, 0, 15)}`,
      endMs: Date.UTC(2025, 0, 16),
    });
    expect(windowOf('weekly')).toMatchObject({
      id: `week:${Date.UTC(2025, 0, 13)}`,
      endMs: Date.UTC(2025, 0, 20),
    });
    expect(windowOf('monthly')).toMatchObject({
      id: `month:${Date.UTC(2025, 0, 1)}`,
      endMs: Date.UTC(2025, 1, 1),
    });
  });

  it('gives a daily and a monthly budget starting the same instant different windows', () => {
    const first = Date.UTC(2025, 0, 1, 6);
    const daily = currentQuotaWindow(parseBudgetPeriod('daily')!, first);
    const monthly = currentQuotaWindow(parseBudgetPeriod('monthly')!, first);
    expect(daily.id).not.toBe(monthly.id);
  });

  it('reads back every id it writes', () => {
    for (const period of ['daily', 'weekly', 'monthly', 'rolling_5h', 'rolling_7d', 'none']) {
      const window = windowOf(period);
      expect(parseQuotaWindowId(window.id)).toEqual(window);
    }
  });

  it('reads nothing from ids it did not write', () => {
    for (const id of ['', 'day', 'year:0', 'day:abc', 'rolling:0', 'rolling:-5', ':5']) {
      expect(parseQuotaWindowId(id)).toBeNull();
    }
  });
});
