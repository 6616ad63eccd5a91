import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { newPair, type Pair } from './channel-form-state';

/**
 * A list of editable rows with a Remove button on each and Add below: the frame of the key and
 * name → value editors. `renderInputs` draws a row's inputs; `update` changes that row only. Remove
 * is disabled while only `minRows` rows are left.
 */
export function RowsEditor({
  rows,
  onChange,
  addLabel,
  renderInputs,
  minRows = 0,
  disabled,
  testId,
}: {
  rows: readonly Pair[];
  onChange(rows: Pair[]): void;
  addLabel: string;
  renderInputs(row: Pair, index: number, update: (change: Partial<Pair>) => void): ReactNode;
  minRows?: number;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="pairs-editor" data-testid={testId}>
      {rows.map((row, index) => (
        <div key={row.id} className="pair-row">
          {renderInputs(row, index, (change) =>
            onChange(rows.map((item) => (item.id === row.id ? { ...item, ...change } : item))),
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={t('channels.form.removeRow', { index: index + 1 })}
            disabled={disabled || rows.length <= minRows}
            onClick={() => onChange(rows.filter((item) => item.id !== row.id))}
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
          onClick={() => onChange([...rows, newPair()])}
        >
          {addLabel}
        </button>
      </div>
    </div>
  );
}
