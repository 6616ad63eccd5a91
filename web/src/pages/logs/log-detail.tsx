import type { ReactNode } from 'react';
import { useApiQuery } from '../../api/use-api';
import { Link, useRouter } from '../../app/router';
import { CopyButton } from '../../components/copy-button';
import { ErrorBanner } from '../../components/error-banner';
import { useI18n } from '../../i18n/i18n';
import { JsonBlock } from './json-block';
import { KeyCell } from './key-cell';
import { StatusBadge } from './status-badge';
import { usageSourceText } from './usage-labels';
import type { UsageDetail } from './usage-types';

/** `/logs/<request id>`: one request's record, and its bodies when prompt logging kept them. */
export function LogDetail({ requestId }: { requestId: string }) {
  const { t, format } = useI18n();
  const { location } = useRouter();
  const detail = useApiQuery(
    (api, signal) => api.get<UsageDetail>(`/admin/usage/${encodeURIComponent(requestId)}`, undefined, signal),
    [requestId],
  );
  const back = `/logs${location.query.toString() ? `?${location.query.toString()}` : ''}`;
  const record = detail.data;
  const dash = <span className="muted">—</span>;
  const text = (value: string | null | undefined) => (value ? value : dash);
  const tokens = (value: number) => format.number(value);

  return (
    <div data-testid="log-detail">
      <p>
        <Link to={back} className="button small" data-testid="log-detail-back">
          ← {t('logs.detail.back')}
        </Link>
      </p>
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
      <section className="card">
        <div className="card-header">
          <h2 className="log-detail-title">
            {t('logs.detail.title')}{' '}
            <code className="mono" data-testid="log-detail-request-id">
              {requestId}
            </code>
          </h2>
          <CopyButton text={requestId} className="button small" label={t('logs.detail.copyId')} />
        </div>
        {record ? (
          <div className="grid grid-2 log-detail-grid">
            <Facts
              title={t('logs.detail.request')}
              testId="log-detail-request"
              rows={[
                [t('logs.col.time'), format.dateTime(record.created_at)],
                [t('logs.col.status'), <StatusBadge key="status" status={record.status} />],
                [t('logs.detail.httpStatus'), record.http_status],
                [t('logs.detail.endpoint'), <code key="endpoint">{record.endpoint}</code>],
                [t('logs.col.model'), record.model],
                [t('logs.detail.servedModel'), text(record.served_model)],
                [
                  t('logs.col.channel'),
                  <span key="channel" data-testid="log-detail-channel">
                    {text(record.channel)}
                  </span>,
                ],
                [t('logs.col.key'), <KeyCell key="key" row={record} />],
                [t('logs.col.team'), text(record.team_id)],
                [t('logs.detail.stream'), record.stream ? t('common.yes') : t('common.no')],
                [t('logs.col.attempts'), format.number(record.attempts)],
              ]}
            />
            <div>
              <Facts
                title={t('logs.detail.tokens')}
                testId="log-detail-tokens"
                rows={[
                  [t('logs.detail.promptTokens'), tokens(record.prompt_tokens)],
                  [t('logs.detail.cachedTokens'), tokens(record.cached_tokens)],
                  [t('logs.detail.completionTokens'), tokens(record.completion_tokens)],
                  [t('logs.detail.reasoningTokens'), tokens(record.reasoning_tokens)],
                  [t('logs.detail.totalTokens'), tokens(record.total_tokens)],
                  [t('logs.detail.usageSource'), usageSourceText(t, record.usage_source)],
                ]}
              />
              <Facts
                title={t('logs.detail.costAndTime')}
                testId="log-detail-cost"
                rows={[
                  [
                    t('logs.col.cost'),
                    <span key="cost" data-testid="log-detail-cost-value">
                      {format.money(record.cost_micros / 1e6)}
                    </span>,
                  ],
                  [t('logs.col.latency'), format.duration(record.latency_ms)],
                  [t('logs.col.ttft'), record.ttft_ms === null ? dash : format.duration(record.ttft_ms)],
                ]}
              />
            </div>
          </div>
        ) : (
          !detail.error && <div className="skeleton-block" aria-busy="true" />
        )}
      </section>
      {record && (record.error_code || record.error_message) && (
        <section className="card log-detail-error" data-testid="log-detail-error">
          <h2 className="card-header">{t('logs.detail.error')}</h2>
          {record.error_code && <code className="mono">{record.error_code}</code>}
          <p>{record.error_message}</p>
        </section>
      )}
      {record && (
        <section className="card" data-testid="log-detail-bodies">
          <h2 className="card-header">{t('logs.detail.bodies')}</h2>
          {record.bodies ? (
            <>
              <JsonBlock
                title={t('logs.detail.requestBody')}
                text={record.bodies.request}
                testId="log-body-request"
              />
              <JsonBlock
                title={t('logs.detail.responseBody')}
                text={record.bodies.response}
                testId="log-body-response"
              />
            </>
          ) : (
            <p className="muted" data-testid="log-detail-no-bodies">
              {t(record.bodies_withheld ? 'logs.detail.bodiesWithheld' : 'logs.detail.noBodies')}
            </p>
          )}
        </section>
      )}
    </div>
  );
}

function Facts({ title, rows, testId }: { title: string; rows: Array<[string, ReactNode]>; testId: string }) {
  return (
    <div className="facts" data-testid={testId}>
      <h3>{title}</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} className="fact">
            <dt className="muted">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
