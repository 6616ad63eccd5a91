/**
 * Locale-aware formatting through Intl, so numbers, money and dates follow the chosen language.
 * Use these through `useI18n().format`, which binds the current locale (and the gateway's currency).
 */
export interface Formatters {
  /** 1234567 → "1,234,567"; `digits` caps the fraction digits (default 2). */
  number(value: number, digits?: number): string;
  /** Compact for charts and tiles: 1234567 → "1.2M" / "123.5万". */
  compact(value: number): string;
  /** Money in the gateway's currency (from /admin/settings), or `currency` when given. */
  money(value: number, currency?: string): string;
  /** 0.0123 → "1.23%". */
  percent(ratio: number, digits?: number): string;
  /** Epoch ms or ISO text → date and time. */
  dateTime(value: number | string | Date): string;
  /** Epoch ms or ISO text → date only. */
  date(value: number | string | Date): string;
  /**
   * The UTC calendar day of an instant, for day buckets (which start at UTC midnight): in UTC−5,
   * 2026-11-30T00:00Z is "Nov 30, 2026", where `date` would say Nov 29.
   */
  utcDate(value: number | string | Date): string;
  /** Date and time in UTC with the zone named ("Nov 30, 2026, 01:00 UTC"), for hour buckets. */
  utcDateTime(value: number | string | Date): string;
  /** Epoch ms → "3 minutes ago" (relative to now). */
  relative(value: number | string | Date): string;
  /** Milliseconds → "850 ms", "1.2 s", "3 min 5 s". */
  duration(ms: number): string;
}

const toDate = (value: number | string | Date) => (value instanceof Date ? value : new Date(value));

export function createFormatters(locale: string, defaultCurrency: string): Formatters {
  const numberCache = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numberCache.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
      numberCache.set(digits, format);
    }
    return format;
  };
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const utcDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const utcDateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  const money = (value: number, currency = defaultCurrency) => {
    // Per-request costs are often fractions of a cent: show up to 6 digits below 1, 2 above.
    const small = Math.abs(value) > 0 && Math.abs(value) < 1;
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: small ? 6 : 2,
      }).format(value);
    } catch {
      // Not an ISO 4217 code (a custom unit such as "credits"): the number and the unit.
      return `${numberFormat(small ? 6 : 2).format(value)} ${currency}`;
    }
  };

  return {
    number: (value, digits = 2) => numberFormat(digits).format(value),
    compact: (value) => compact.format(value),
    money,
    percent: (ratio, digits = 2) =>
      new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio),
    dateTime: (value) => dateTime.format(toDate(value)),
    date: (value) => date.format(toDate(value)),
    utcDate: (value) => utcDate.format(toDate(value)),
    utcDateTime: (value) => utcDateTime.format(toDate(value)),
    relative: (value) => {
      const seconds = Math.round((toDate(value).getTime() - Date.now()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(seconds, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86_400), 'day');
    },
    duration: (ms) => {
      const unit = (value: number, name: 'millisecond' | 'second' | 'minute' | 'hour', digits = 0) =>
        new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: name,
          unitDisplay: 'short',
          maximumFractionDigits: digits,
        }).format(value);
      if (Math.round(ms) < 1000) return unit(Math.round(ms), 'millisecond');
      // Round before choosing the unit and before splitting, so 59,950 ms is "1 min 0 s", never "60 s"
      // (and 119,700 ms is "2 min 0 s", never "1 min 60 s").
      const digits = ms < 10_000 ? 2 : 1;
      const seconds = Math.round(ms / (1000 / 10 ** digits)) / 10 ** digits;
      if (seconds < 60) return unit(seconds, 'second', digits);
      const totalSeconds = Math.round(ms / 1000);
      if (totalSeconds < 3600)
        return `${unit(Math.floor(totalSeconds / 60), 'minute')} ${unit(totalSeconds % 60, 'second')}`;
      const totalMinutes = Math.round(ms / 60_000);
      return `${unit(Math.floor(totalMinutes / 60), 'hour')} ${unit(totalMinutes % 60, 'minute')}`;
    },
  };
}
