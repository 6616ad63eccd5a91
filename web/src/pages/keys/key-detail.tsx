import { useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { Link, useRouter } from '../../app/router';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { BudgetPanel } from '../tenancy/budget-panel';
import { DetailList } from '../tenancy/detail-list';
import { SpendChart } from '../tenancy/spend-chart';
import { LimitsText, ModelsText, SourceBadge, StatusBadge } from '../tenancy/tenancy-badges';
import type { KeyView } from '../tenancy/tenancy-types';
import { KeyActions } from './key-actions';

interface UsageRow {
  created_at: string;
}

/** `/keys/<id>`: one key's settings, budget, last use and 30-day spend. */
export function KeyDetail({ id }: { id: string }) {
  const { t, format } = useI18n();
  const { navigate } = useRouter();
  const [version, setVersion] = useState(0);
  const key = useApiQuery(
    (api, signal) => api.get<KeyView>(`/admin/keys/${encodeURIComponent(id)}`, undefined, signal),
    [id, version],
  );
  const lastUse = useApiQuery(
    (api, signal) => api.get<ListResponse<UsageRow>>('/admin/usage', { key_id: id, limit: 1 }, signal),
    [id],
  );
  const view = key.data;
  const notFound = (key.error as { status?: number } | null)?.status === 404;
  const lastUsed = lastUse.data ? (lastUse.data.data[0]?.created_at ?? null) : undefined;

  return (
    <>
      <p className="tn-breadcrumb">
        <Link to="/keys">← {t('keys.back')}</Link>
      </p>
      <PageHeader
        title={view?.name ?? t('nav.keys')}
        description={view ? t('keys.detailDescription') : undefined}
        actions={
          view && (
            <KeyActions
              apiKey={view}
              onChanged={() => setVersion((value) => value + 1)}
              onDeleted={() => navigate('/keys')}
            />
          )
        }
      />
      {notFound ? (
        <EmptyState title={t('keys.notFound')}>
          <Link to="/keys">{t('keys.back')}</Link>
        </EmptyState>
      ) : (
        <ErrorBanner error={key.error} onRetry={key.reload} />
      )}
      {!view && !key.error && (
        <div className="card tn-detail-loading" aria-busy="true">
          <span className="skeleton" />
        </div>
      )}
      {view && (
        <div className="tn-detail-stack" data-testid="key-detail">
          <section className="card">
            <div className="card-header">
              <h2>{t('common.details')}</h2>
              <span className="row">
                <SourceBadge source={view.source} />
                <StatusBadge status={view.status} />
              </span>
            </div>
            <DetailList
              items={[
                { label: t('keys.hint'), value: <code>{view.key_hint}</code>, testId: 'detail-hint' },
                {
                  label: t('keys.team'),
                  value: view.team_id ? (
                    <Link to={`/teams/${encodeURIComponent(view.team_id)}`}>{view.team ?? view.team_id}</Link>
                  ) : (
                    t('keys.noTeam')
                  ),
                },
                { label: t('tenancy.models'), value: <ModelsText models={view.models} /> },
                {
                  label: t('tenancy.limits'),
                  value: <LimitsText limits={view.limits} />,
                  testId: 'detail-limits',
                },
                {
                  label: t('tenancy.expiresAt'),
                  value: view.expires_at ? format.dateTime(view.expires_at) : t('tenancy.never'),
                },
                {
                  label: t('tenancy.allowIps'),
                  value: view.allow_ips ? (
                    <span className="mono">{view.allow_ips.join(', ')}</span>
                  ) : (
                    t('keys.anyIp')
                  ),
                },
                {
                  label: t('tenancy.promptLogging'),
                  value: view.prompt_logging
                    ? t('tenancy.retentionValue', { days: view.prompt_logging.retention_days })
                    : t('tenancy.off'),
                },
                {
                  label: t('keys.lastUsed'),
                  value:
                    lastUsed === undefined ? (
                      <span className="skeleton" />
                    ) : lastUsed === null ? (
                      t('keys.neverUsed')
                    ) : (
                      <span title={format.dateTime(lastUsed)}>{format.relative(lastUsed)}</span>
                    ),
                },
                { label: t('tenancy.created'), value: format.dateTime(view.created_at) },
              ]}
            />
          </section>
          <BudgetPanel kind="key" id={view.id} live={view.status !== 'revoked'} version={version} />
          <SpendChart kind="key" id={view.id} />
        </div>
      )}
    </>
  );
}
