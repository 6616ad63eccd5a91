import { useEffect, useState } from 'react';
import { useApi } from '../../api/use-api';
import { ErrorBanner } from '../../components/error-banner';
import { Modal } from '../../components/modal';
import { useI18n } from '../../i18n/i18n';
import type { ChannelTestResult, ChannelView } from './channel-types';

/** Runs `POST /admin/channels/{id}/test` (one tiny real request) when opened, and shows what came back. */
export function ChannelTestDialog({ channel, onClose }: { channel: ChannelView; onClose(): void }) {
  const { t, format } = useI18n();
  const api = useApi();
  const [run, setRun] = useState(0);
  const [state, setState] = useState<{ result: ChannelTestResult | null; error: Error | null }>({
    result: null,
    error: null,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `run` re-runs the test (Test again).
  useEffect(() => {
    let current = true;
    setState({ result: null, error: null });
    api.post<ChannelTestResult>(`/admin/channels/${encodeURIComponent(channel.id)}/test`).then(
      (result) => current && setState({ result, error: null }),
      (error: Error) => current && setState({ result: null, error }),
    );
    return () => {
      current = false;
    };
  }, [api, channel.id, run]);

  const { result, error } = state;
  const running = result === null && error === null;
  return (
    <Modal
      title={t('channels.test.title', { name: channel.name })}
      onClose={onClose}
      size="small"
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={() => setRun((value) => value + 1)}
            disabled={running}
          >
            {t('channels.test.again')}
          </button>
          <button type="button" className="button primary" onClick={onClose} data-autofocus>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div
        className="test-result"
        data-testid="channel-test-result"
        data-state={running ? 'running' : result?.ok ? 'ok' : 'failed'}
      >
        {running && <p aria-live="polite">{t('channels.test.running')}</p>}
        <ErrorBanner error={error} />
        {result && (
          <>
            <p>
              <span
                className={`badge ${result.ok ? 'success' : 'danger'}`}
                data-testid="channel-test-outcome"
              >
                {result.ok ? t('channels.test.ok') : t('channels.test.failed')}
              </span>
            </p>
            <dl className="detail-list">
              <dt>{t('channels.test.latency')}</dt>
              <dd data-testid="channel-test-latency">{format.duration(result.latency_ms)}</dd>
              <dt>{t('channels.test.status')}</dt>
              <dd>{result.status ?? t('channels.test.noStatus')}</dd>
              <dt>{t('channels.test.model')}</dt>
              <dd className="mono">{result.model}</dd>
              {result.error && (
                <>
                  <dt>{t('channels.test.error')}</dt>
                  <dd data-testid="channel-test-error">{result.error}</dd>
                </>
              )}
            </dl>
          </>
        )}
      </div>
    </Modal>
  );
}
