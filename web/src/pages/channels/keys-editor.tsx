import { useI18n } from '../../i18n/i18n';
import { newPair, type Pair } from './channel-form-state';

/**
 * New upstream API keys, one password field each (used round-robin by the gateway). What is typed here
 * is sent once and never shown again: the API answers with hints only.
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
    <div className="pairs-editor" data-testid="channel-keys-editor">
      {keys.map((key, index) => (
        <div key={key.id} className="pair-row">
          <input
            {...(index === 0 ? control : { 'aria-label': t('channels.form.keyN', { index: index + 1 }) })}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={key.value}
            placeholder="sk-…"
            disabled={disabled}
            data-testid={`channel-key-input-${index}`}
            onChange={(event) =>
              onChange(
                keys.map((item) => (item.id === key.id ? { ...item, value: event.target.value } : item)),
              )
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={t('channels.form.removeRow', { index: index + 1 })}
            disabled={disabled || keys.length === 1}
            onClick={() => onChange(keys.filter((item) => item.id !== key.id))}
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
          onClick={() => onChange([...keys, newPair()])}
        >
          {t('channels.form.addKey')}
        </button>
      </div>
    </div>
  );
}
