import { useState } from 'react';
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
import type { TeamView } from '../tenancy/tenancy-types';
import { TeamActions } from './team-actions';
import { TeamKeys } from './team-keys';
import { TeamMembers } from './team-members';

/** `/teams/<id>`: one team's settings, members, budget, keys and 30-day spend. */
export function TeamDetail({ id }: { id: string }) {
  const { t, format } = useI18n();
  const { navigate } = useRouter();
  const [version, setVersion] = useState(0);
  const team = useApiQuery(
    (api, signal) => api.get<TeamView>(`/admin/teams/${encodeURIComponent(id)}`, undefined, signal),
    [id, version],
  );
  const view = team.data;
  const changed = () => setVersion((value) => value + 1);
  const notFound = (team.error as { status?: number } | null)?.status === 404;

  return (
    <>
      <p className="tn-breadcrumb">
        <Link to="/teams">← {t('teams.back')}</Link>
      </p>
      <PageHeader
        title={view?.name ?? t('nav.teams')}
        description={view ? t('teams.detailDescription') : undefined}
        actions={view && <TeamActions team={view} onChanged={changed} onDeleted={() => navigate('/teams')} />}
      />
      {notFound ? (
        <EmptyState title={t('teams.notFound')}>
          <Link to="/teams">{t('teams.back')}</Link>
        </EmptyState>
      ) : (
        <ErrorBanner error={team.error} onRetry={team.reload} />
      )}
      {!view && !team.error && (
        <div className="card tn-detail-loading" aria-busy="true">
          <span className="skeleton" />
        </div>
      )}
      {view && (
        <div className="tn-detail-stack" data-testid="team-detail">
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
                { label: t('tenancy.models'), value: <ModelsText models={view.models} /> },
                { label: t('tenancy.limits'), value: <LimitsText limits={view.limits} /> },
                {
                  label: t('teams.priceMultiplier'),
                  value: `×${format.number(view.price_multiplier, 6)}`,
                  testId: 'detail-multiplier',
                },
                {
                  label: t('tenancy.expiresAt'),
                  value: view.expires_at ? format.dateTime(view.expires_at) : t('tenancy.never'),
                },
                {
                  label: t('tenancy.promptLogging'),
                  value: view.prompt_logging
                    ? t('tenancy.retentionValue', { days: view.prompt_logging.retention_days })
                    : t('tenancy.off'),
                },
                { label: t('tenancy.created'), value: format.dateTime(view.created_at) },
              ]}
            />
          </section>
          <BudgetPanel kind="team" id={view.id} live={view.status !== 'deleted'} version={version} />
          <SpendChart kind="team" id={view.id} />
          <TeamMembers team={view} onChanged={changed} />
          <TeamKeys team={view} />
        </div>
      )}
    </>
  );
}
