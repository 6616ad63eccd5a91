import { useId } from 'react';
import { SelectField } from '../../components/form-field';
import { useI18n } from '../../i18n/i18n';
import type { ChatSettings } from './chat-request';
import { EXAMPLE_TOOLS, type ToolsCheck } from './tools-json';

/** The `tools` array as JSON text, checked as it is typed, and `tool_choice`. */
export function ToolsEditor({
  text,
  onText,
  check,
  toolChoice,
  onToolChoice,
  serverError,
}: {
  text: string;
  onText(text: string): void;
  check: ToolsCheck;
  toolChoice: ChatSettings['toolChoice'];
  onToolChoice(choice: ChatSettings['toolChoice']): void;
  /** The API's refusal when it names `tools` or `tool_choice`. */
  serverError?: string | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const error = toolsErrorMessage(check, t) ?? serverError ?? null;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const format = () => {
    if (check.ok && text.trim() !== '') onText(JSON.stringify(check.tools, null, 2));
  };

  return (
    <fieldset className="pg-fieldset">
      <legend>{t('playground.tools')}</legend>
      <div className="field">
        <label htmlFor={id}>{t('playground.toolsJson')}</label>
        <textarea
          id={id}
          rows={6}
          spellCheck={false}
          value={text}
          placeholder={t('playground.toolsPlaceholder')}
          onChange={(event) => onText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          data-testid="playground-tools"
        />
        <p className="field-hint" id={hintId}>
          {check.ok && check.tools.length > 0
            ? t('playground.toolsCount', { count: check.tools.length })
            : t('playground.toolsHint')}
        </p>
        {error && (
          <p className="field-error" id={errorId} role="alert" data-testid="playground-tools-error">
            {error}
          </p>
        )}
      </div>
      <div className="row">
        <button type="button" className="button small" onClick={() => onText(EXAMPLE_TOOLS)}>
          {t('playground.toolsExample')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={format}
          disabled={!check.ok || text.trim() === ''}
        >
          {t('playground.toolsFormat')}
        </button>
      </div>
      <SelectField
        label={t('playground.toolChoice')}
        value={toolChoice}
        onChange={(event) => onToolChoice(event.target.value as ChatSettings['toolChoice'])}
        disabled={!check.ok || check.tools.length === 0}
        options={[
          { value: 'auto', label: t('playground.toolChoiceAuto') },
          { value: 'none', label: t('playground.toolChoiceNone') },
          { value: 'required', label: t('playground.toolChoiceRequired') },
        ]}
        data-testid="playground-tool-choice"
      />
    </fieldset>
  );
}

function toolsErrorMessage(check: ToolsCheck, t: ReturnType<typeof useI18n>['t']): string | null {
  if (check.ok) return null;
  switch (check.error) {
    case 'invalidJson':
      return t('playground.toolsError.invalidJson', { detail: check.detail });
    case 'notArray':
      return t('playground.toolsError.notArray');
    case 'notFunction':
      return t('playground.toolsError.notFunction', { number: check.index + 1 });
    case 'missingName':
      return t('playground.toolsError.missingName', { number: check.index + 1 });
    case 'badName':
      return t('playground.toolsError.badName', { number: check.index + 1 });
    case 'badParameters':
      return t('playground.toolsError.badParameters', { number: check.index + 1 });
  }
}
