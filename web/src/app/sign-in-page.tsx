import { type FormEvent, useId, useState } from 'react';
import type { AdminMe, AdminSettings } from '../api/types';
import { LanguageSelect } from '../components/language-select';
import { useI18n } from '../i18n/i18n';
import { verifyKey } from './session';

export function SignInPage({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn(key: string, verified: { me: AdminMe; settings: AdminSettings }): void;
}) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(expired ? t('signIn.sessionExpired') : null);
  const inputId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return setError(t('signIn.required'));
    setBusy(true);
    setError(null);
    try {
      onSignedIn(trimmed, await verifyKey(trimmed));
    } catch (caught) {
      const status = (caught as { status?: number }).status;
      setError(
        status === 401 || status === 403
          ? t('signIn.invalidKey')
          : status === 0
            ? t('common.networkError')
            : (caught as Error).message,
      );
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.subtitle')}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('signIn.keyLabel')}</label>
          <input
            id={inputId}
            name="admin-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('signIn.keyPlaceholder')}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this page is type the key.
            autoFocus
          />
        </div>
        <div className="signin-error" id={errorId} role="alert">
          {error}
        </div>
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </button>
        <LanguageSelect className="signin-language" />
      </form>
    </div>
  );
}
