import type { Pair } from './channel-form-state';
import { RowsEditor } from './rows-editor';

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
  return (
    <RowsEditor
      rows={pairs}
      onChange={onChange}
      addLabel={addLabel}
      disabled={disabled}
      testId={testId}
      renderInputs={(pair, index, update) => (
        <>
          <input
            type="text"
            value={pair.name}
            placeholder={nameLabel}
            aria-label={`${nameLabel} ${index + 1}`}
            aria-describedby={describedBy}
            disabled={disabled}
            onChange={(event) => update({ name: event.target.value })}
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
            onChange={(event) => update({ value: event.target.value })}
          />
        </>
      )}
    />
  );
}
