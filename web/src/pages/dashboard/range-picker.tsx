import { useI18n } from '../../i18n/i18n';
import { RANGE_PRESETS, type RangeId } from '../logs/time-ranges';

/** Last hour / day / 7 days / 30 days as a group of toggle buttons. */
export function RangePicker({ value, onChange }: { value: RangeId; onChange(range: RangeId): void }) {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset.
    <div className="button-group" role="group" aria-label={t('dashboard.range.label')}>
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset.id}
          type="button"
          className={preset.id === value ? 'button small primary' : 'button small'}
          aria-pressed={preset.id === value}
          data-testid={`dashboard-range-${preset.id}`}
          onClick={() => onChange(preset.id)}
        >
          {t(preset.label)}
        </button>
      ))}
    </div>
  );
}
