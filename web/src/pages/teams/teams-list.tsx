import { useCallback, useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { Link, useRouter } from '../../app/router';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { Pagination, useCursorPaging } from '../../components/pagination';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { BudgetCell } from '../tenancy/budget-panel';
import { SearchBox } from '../tenancy/search-box';
import { LimitsText, ModelsText, SourceBadge, StatusBadge } from '../tenancy/tenancy-badges';
import type { TeamView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';
import { TeamActions } from './team-actions';
import { TeamFormDialog } from './team-form-dialog';

const PAGE_SIZE = 25;

/** `/teams`: every live team, searchable by name, a page at a time. */
export function TeamsList() {
  const { t, format } = useI18n();
  const { navigate } = useRouter();
  const toast = useToast();
  const guard = useWriteGuard()();
  const paging = useCursorPaging();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const teams = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<TeamView>>(
        '/admin/teams',
        { limit: PAGE_SIZE, cursor: paging.cursor, search },
        signal,
      ),
    [paging.cursor, search],
  );
  const { reset } = paging;
  const onSearch = useCallback(
    (text: string) => {
      setSearch((current) => {
        if (current !== text) reset();
        return text;
      });
    },
    [reset],
  );

  const columns: Column<TeamView>[] = [
    {
      key: 'name',
      header: t('tenancy.name'),
      render: (team) => (
        <span className="tn-name-cell">
          <Link to={`/teams/${encodeURIComponent(team.id)}`} data-testid="team-link">
            {team.name}
          </Link>
          <SourceBadge source={team.source} />
        </span>
      ),
    },
    {
      key: 'status',
      header: t('tenancy.statusLabel'),
      render: (team) => <StatusBadge status={team.status} />,
    },
    { key: 'models', header: t('tenancy.models'), render: (team) => <ModelsText models={team.models} /> },
    {
      key: 'budget',
      header: t('tenancy.remaining'),
      render: (team) =>
        team.budget ? (
          <BudgetCell kind="team" id={team.id} amountMicros={team.budget.amount_micros} />
        ) : (
          <span className="muted">{t('tenancy.noBudget')}</span>
        ),
    },
    { key: 'limits', header: t('tenancy.limits'), render: (team) => <LimitsText limits={team.limits} /> },
    {
      key: 'multiplier',
      header: t('teams.priceMultiplierShort'),
      align: 'right',
      render: (team) => `×${format.number(team.price_multiplier, 6)}`,
    },
    {
      key: 'expires',
      header: t('tenancy.expiresAt'),
      render: (team) =>
        team.expires_at ? format.date(team.expires_at) : <span className="muted">{t('tenancy.never')}</span>,
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (team) => <TeamActions team={team} onChanged={teams.reload} onDeleted={teams.reload} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.teams')}
        description={t('page.teams.description')}
        actions={
          <button
            type="button"
            className="button primary"
            onClick={() => setCreating(true)}
            disabled={guard.disabled}
            title={guard.title}
            data-testid="create-team"
          >
            {t('teams.create')}
          </button>
        }
      />
      <div className="tn-toolbar">
        <SearchBox onSearch={onSearch} label={t('teams.search')} />
      </div>
      <ErrorBanner error={teams.error} onRetry={teams.reload} />
      <div data-testid="teams-table">
        <DataTable
          caption={t('nav.teams')}
          columns={columns}
          rows={teams.data?.data}
          rowKey={(team) => team.id}
          empty={
            <EmptyState
              title={search ? t('tenancy.noMatches', { search }) : t('teams.empty')}
              hint={search ? undefined : t('teams.emptyHint')}
            />
          }
        />
      </div>
      <Pagination paging={paging} nextCursor={teams.data?.next_cursor} />
      {creating && (
        <TeamFormDialog
          onClose={() => setCreating(false)}
          onSaved={(team) => {
            setCreating(false);
            toast.success(t('teams.created', { name: team.name }));
            navigate(`/teams/${encodeURIComponent(team.id)}`);
          }}
        />
      )}
    </>
  );
}
