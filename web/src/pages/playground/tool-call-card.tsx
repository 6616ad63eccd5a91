import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { ToolCall } from './chat-types';

/** Arguments as indented JSON when they parse (they are JSON text once the call is complete). */
export function prettyArguments(text: string): { text: string; valid: boolean } {
  if (text.trim() === '') return { text: '{}', valid: true };
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), valid: true };
  } catch {
    return { text, valid: false };
  }
}

/**
 * One tool call the model asked for: its function name and arguments, and (until there is one) a form
 * to answer it with the tool's result, which joins the conversation as a `tool` message.
 */
export function ToolCallCard({
  call,
  complete,
  answered,
  onResult,
}: {
  call: ToolCall;
  /** False while its arguments are still streaming in. */
  complete: boolean;
  answered: boolean;
  onResult(content: string): void;
}) {
  const { t } = useI18n();
  const [result, setResult] = useState('');
  const inputId = useId();
  const args = prettyArguments(call.function.arguments);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onResult(result);
    setResult('');
  };

  return (
    <div className="pg-tool-call" data-testid="tool-call" data-call-id={call.id}>
      <div className="pg-tool-call-head">
        <span className="badge info">{t('playground.toolCall')}</span>
        <code className="pg-tool-name" data-testid="tool-call-name">
          {call.function.name}
        </code>
        <span className="muted mono">{call.id}</span>
      </div>
      <pre
        className="pg-tool-args"
        data-testid="tool-call-arguments"
        data-arguments={call.function.arguments}
      >
        {args.text}
      </pre>
      {complete && !args.valid && <p className="field-error">{t('playground.argumentsNotJson')}</p>}
      {complete && !answered && (
        <form className="pg-tool-result-form" onSubmit={submit}>
          <label htmlFor={inputId}>{t('playground.toolResultLabel', { name: call.function.name })}</label>
          <textarea
            id={inputId}
            rows={2}
            value={result}
            placeholder={t('playground.toolResultPlaceholder')}
            onChange={(event) => setResult(event.target.value)}
            data-testid="tool-result-input"
          />
          <div className="row">
            <button type="submit" className="button small" data-testid="tool-result-add">
              {t('playground.toolResultAdd')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
