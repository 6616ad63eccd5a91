/**
 * Money is kept in integer micro-units of one configured currency (1 CNY = 1_000_000 micros), never in
 * floats. These convert between micros and the decimal text people write in YAML, JSON and headers.
 */

export const MICROS_PER_UNIT = 1_000_000;
/** 10^12 currency units: far above any budget, and its micros stay below 2^53. */
export const MAX_MONEY_MICROS = 1_000_000_000_000 * MICROS_PER_UNIT;

const DECIMAL = /^(\d{1,13})(?:\.(\d{1,6}))?$/;

/**
 * `2.4` or `"2.4"` → 2_400_000. Parsed from the decimal text (not multiplied as a float), so `0.1` is
 * exactly 100_000. Returns null for negatives, more than 6 decimals, or anything not a plain number.
 */
export function parseMicros(value: unknown): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    // toFixed(7) then trim, so 1e-7-level float noise in a YAML number cannot sneak in more decimals.
    text = Number.isInteger(value) ? String(value) : trimZeros(value.toFixed(7));
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  const micros = whole * MICROS_PER_UNIT + fraction;
  return micros <= MAX_MONEY_MICROS ? micros : null;
}

/** 2_400_000 → "2.4"; -1 → "-0.000001". Exact, no float formatting. */
export function formatMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(micros));
  const whole = Math.floor(absolute / MICROS_PER_UNIT);
  const fraction = String(absolute % MICROS_PER_UNIT)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** For JSON fields that carry money as a number (e.g. `usage.cost`): exact to the micro for any budget. */
export function microsToNumber(micros: number): number {
  return Number(formatMicros(micros));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
