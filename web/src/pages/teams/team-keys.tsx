import { useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { Link } from '../../app/router';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { Pagination, useCursorPaging } from '../../components/pagination';
import { useI18n } from '../../i18n/i18n';
import { KeyCreateFlow } from '../keys/key-create-flow';
import { LimitsText, ModelsText, StatusBadge } from '../tenancy/tenancy-badges';
import type { KeyView, TeamView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';

/** The keys of one team, with a shortcut to create one in it. */
export function TeamKeys({ team }: { team: TeamView }) {
  const { t } = useI18n();
  const guard = useWriteGuard()();
  const paging = useCursorPaging();
  const [creating, setCreating] = useState(false);
  const keys = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<KeyView>>(
        '/admin/keys',
        { team_id: team.id, limit: 25, cursor: paging.cursor },
        signal,
      ),
    [team.id, paging.cursor],
  );
  const columns: Column<KeyView>[] = [
    {
      key: 'name',
      header: t('tenancy.name'),
      render: (key) => <Link to={`/keys/${encodeURIComponent(key.id)}`}>{key.name}</Link>,
    },
    { key: 'hint', header: t('keys.hint'), render: (key) => <code>{key.key_hint}</code> },
    { key: 'status', header: t('tenancy.statusLabel'), render: (key) => <StatusBadge status={key.status} /> },
    { key: 'models', header: t('tenancy.models'), render: (key) => <ModelsText models={key.models} /> },
    { key: 'limits', header: t('tenancy.limits'), render: (key) => <LimitsText limits={key.limits} /> },
  ];
  const live = team.status !== 'deleted';

  return (
    <section className="card" aria-labelledby={`keys-${team.id}`} data-testid="team-keys">
      <div className="card-header">
        <h2 id={`keys-${team.id}`}>{t('teams.keys')}</h2>
        <button
          type="button"
          className="button small"
          onClick={() => setCreating(true)}
          disabled={guard.disabled || !live}
          title={guard.title}
          data-testid="team-create-key"
        >
          {t('teams.createKey')}
        </button>
      </div>
      <ErrorBanner error={keys.error} onRetry={keys.reload} />
      <DataTable
        caption={t('teams.keys')}
        columns={columns}
        rows={keys.data?.data ?? (keys.error ? [] : undefined)}
        rowKey={(key) => key.id}
        skeletonRows={2}
        empty={<EmptyState title={t('teams.noKeys')} />}
      />
      {(paging.hasPrevious || keys.data?.next_cursor) && (
        <Pagination paging={paging} nextCursor={keys.data?.next_cursor} />
      )}
      {creating && (
        <KeyCreateFlow defaultTeam={team.name} onClose={() => setCreating(false)} onCreated={keys.reload} />
      )}
    </section>
  );
}
