import { type FormEvent, type KeyboardEvent, useId } from 'react';
import { useI18n } from '../../i18n/i18n';

/**
 * The message box and its buttons. Enter sends, Shift+Enter breaks the line (an IME composing Chinese
 * keeps its Enter). With an empty box after a tool result, the button continues the conversation.
 */
export function Composer({
  draft,
  onDraft,
  running,
  canContinue,
  blockedReason,
  onSend,
  onContinue,
  onStop,
}: {
  draft: string;
  onDraft(text: string): void;
  running: boolean;
  /** The last entry is a tool result: the model may answer it without a new user message. */
  canContinue: boolean;
  /** Why sending is not possible now (viewer key, invalid settings), shown under the box; null when it is. */
  blockedReason: string | null;
  onSend(text: string): void;
  onContinue(): void;
  onStop(): void;
}) {
  const { t } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const continuing = draft.trim() === '' && canContinue;
  const disabled = blockedReason !== null || running || (draft.trim() === '' && !canContinue);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled) return;
    if (continuing) onContinue();
    else {
      onSend(draft);
      onDraft('');
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="pg-composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('playground.message')}
      </label>
      <textarea
        id={inputId}
        rows={3}
        value={draft}
        placeholder={t('playground.messagePlaceholder')}
        onChange={(event) => onDraft(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={hintId}
        data-testid="playground-input"
      />
      <div className="pg-composer-bar">
        <p
          id={hintId}
          className={blockedReason ? 'pg-blocked' : 'field-hint'}
          data-testid={blockedReason ? 'playground-blocked' : undefined}
        >
          {blockedReason ?? t('playground.composerHint')}
        </p>
        {running ? (
          <button type="button" className="button danger" onClick={onStop} data-testid="playground-stop">
            {t('playground.stop')}
          </button>
        ) : (
          <button
            type="submit"
            className="button primary"
            disabled={disabled}
            title={blockedReason ?? undefined}
            data-testid="playground-send"
          >
            {continuing ? t('playground.continue') : t('playground.send')}
          </button>
        )}
      </div>
    </form>
  );
}
