import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

/**
 * A labelled form control with an optional hint and error. `children` receives the control's props
 * (`id`, `aria-describedby`, `aria-invalid`) so any control can be wrapped; the typed shortcuts below
 * cover the usual ones.
 */
export function Field({
  label,
  hint,
  error,
  required,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  children(control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }): ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type FieldProps = { label: string; hint?: string; error?: string | null };

export function TextField({
  label,
  hint,
  error,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} hint={hint} error={error} required={input.required}>
      {(control) => <input type="text" {...input} {...control} />}
    </Field>
  );
}

/** A number input; `onValue` gets a number, or null when empty (unlimited/unset). */
export function NumberField({
  label,
  hint,
  error,
  value,
  onValue,
  ...input
}: FieldProps & {
  value: number | null;
  onValue(value: number | null): void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>) {
  return (
    <Field label={label} hint={hint} error={error} required={input.required}>
      {(control) => (
        <input
          type="number"
          inputMode="decimal"
          {...input}
          {...control}
          value={value ?? ''}
          onChange={(event) => onValue(event.target.value === '' ? null : Number(event.target.value))}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  hint,
  error,
  options,
  ...select
}: FieldProps & {
  options: ReadonlyArray<{ value: string; label: string }>;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} hint={hint} error={error} required={select.required}>
      {(control) => (
        <select {...select} {...control}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} hint={hint} error={error} required={textarea.required}>
      {(control) => <textarea rows={4} {...textarea} {...control} />}
    </Field>
  );
}

export function CheckboxField({
  label,
  hint,
  checked,
  onChecked,
  disabled,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChecked(checked: boolean): void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChecked(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}
