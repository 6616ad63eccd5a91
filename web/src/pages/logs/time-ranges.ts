import type { MessageKey } from '../../i18n/i18n';

/** The preset time ranges of the Dashboard, Logs and Audit filters (`?range=` in the URL). */
export type RangeId = '1h' | '24h' | '7d' | '30d';

export interface RangePreset {
  id: RangeId;
  label: MessageKey;
  ms: number;
}

const HOUR_MS = 3_600_000;

export const RANGE_PRESETS: readonly RangePreset[] = [
  { id: '1h', label: 'dashboard.range.lastHour', ms: HOUR_MS },
  { id: '24h', label: 'dashboard.range.lastDay', ms: 24 * HOUR_MS },
  { id: '7d', label: 'dashboard.range.last7Days', ms: 7 * 24 * HOUR_MS },
  { id: '30d', label: 'dashboard.range.last30Days', ms: 30 * 24 * HOUR_MS },
];

export function findRange(id: string | null | undefined): RangePreset | undefined {
  return RANGE_PRESETS.find((preset) => preset.id === id);
}

/** ISO start of the preset ending now; undefined for no range (everything). */
export function rangeStartIso(id: string | null | undefined, nowMs = Date.now()): string | undefined {
  const preset = findRange(id);
  return preset ? new Date(nowMs - preset.ms).toISOString() : undefined;
}
