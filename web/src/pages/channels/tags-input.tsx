import { type KeyboardEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/**
 * A list of short strings (model ids) as removable chips and one text box: Enter, comma or leaving the
 * box adds what was typed; Backspace in an empty box removes the last chip. `control` comes from `Field`.
 */
export function TagsInput({
  values,
  onChange,
  control,
  placeholder,
  disabled,
  testId,
}: {
  values: readonly string[];
  onChange(values: string[]): void;
  control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean };
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');

  const commit = () => {
    const added = text
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter((item) => item.length > 0 && !values.includes(item));
    if (added.length > 0) onChange([...values, ...new Set(added)]);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && text === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };

  return (
    <div className="tags-input" data-testid={testId}>
      {values.map((value) => (
        <span key={value} className="tag">
          <span className="mono">{value}</span>
          <button
            type="button"
            className="tag-remove"
            onClick={() => onChange(values.filter((item) => item !== value))}
            aria-label={t('channels.form.removeTag', { value })}
            disabled={disabled}
          >
            ×
          </button>
        </span>
      ))}
      <input
        {...control}
        type="text"
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}
