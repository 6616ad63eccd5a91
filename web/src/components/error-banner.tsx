import { useI18n } from '../i18n/i18n';

/** An error in place of content: the API's message (already human), its code, and a Retry button. */
export function ErrorBanner({ error, onRetry }: { error: Error | null | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const status = (error as { status?: number }).status;
  const code = (error as { code?: string | null }).code;
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{t('common.errorTitle')}</strong>
        <p>{status === 0 ? t('common.networkError') : error.message}</p>
        {code && <code className="muted">{code}</code>}
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
