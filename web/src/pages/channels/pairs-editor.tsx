import { useI18n } from '../../i18n/i18n';
import { newPair, type Pair } from './channel-form-state';

/**
 * Rows of name → value (model map, extra headers) with Add and Remove. `secret` makes the values
 * password fields: header values may be credentials and are never shown back.
 */
export function PairsEditor({
  pairs,
  onChange,
  nameLabel,
  valueLabel,
  addLabel,
  secret = false,
  disabled,
  testId,
  describedBy,
}: {
  pairs: readonly Pair[];
  onChange(pairs: Pair[]): void;
  nameLabel: string;
  valueLabel: string;
  addLabel: string;
  secret?: boolean;
  disabled?: boolean;
  testId?: string;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const update = (id: number, change: Partial<Pair>) =>
    onChange(pairs.map((pair) => (pair.id === id ? { ...pair, ...change } : pair)));
  return (
    <div className="pairs-editor" data-testid={testId}>
      {pairs.map((pair, index) => (
        <div key={pair.id} className="pair-row">
          <input
            type="text"
            value={pair.name}
            placeholder={nameLabel}
            aria-label={`${nameLabel} ${index + 1}`}
            aria-describedby={describedBy}
            disabled={disabled}
            onChange={(event) => update(pair.id, { name: event.target.value })}
          />
          <span aria-hidden="true" className="muted">
            →
          </span>
          <input
            type={secret ? 'password' : 'text'}
            autoComplete={secret ? 'new-password' : 'off'}
            value={pair.value}
            placeholder={valueLabel}
            aria-label={`${valueLabel} ${index + 1}`}
            disabled={disabled}
            onChange={(event) => update(pair.id, { value: event.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('channels.form.removeRow', { index: index + 1 })}
            disabled={disabled}
            onClick={() => onChange(pairs.filter((item) => item.id !== pair.id))}
          >
            ×
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          disabled={disabled}
          onClick={() => onChange([...pairs, newPair()])}
        >
          {addLabel}
        </button>
      </div>
    </div>
  );
}
