import { useI18n } from '../../i18n/i18n';
import type { Pair } from './channel-form-state';
import { RowsEditor } from './rows-editor';

/**
 * New upstream API keys, one password field each (used round-robin by the gateway). What is typed here
 * is sent once and never shown again: the API answers with hints only. One row always stays.
 */
export function KeysEditor({
  keys,
  onChange,
  control,
  disabled,
}: {
  keys: readonly Pair[];
  onChange(keys: Pair[]): void;
  /** From `Field`: the first box gets the label's id. */
  control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean };
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <RowsEditor
      rows={keys}
      onChange={onChange}
      addLabel={t('channels.form.addKey')}
      minRows={1}
      disabled={disabled}
      testId="channel-keys-editor"
      renderInputs={(key, index, update) => (
        <input
          {...(index === 0 ? control : { 'aria-label': t('channels.form.keyN', { index: index + 1 }) })}
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={key.value}
          placeholder="sk-…"
          disabled={disabled}
          data-testid={`channel-key-input-${index}`}
          onChange={(event) => update({ value: event.target.value })}
        />
      )}
    />
  );
}
