import { useCallback, useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { Link } from '../../app/router';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { Pagination, useCursorPaging } from '../../components/pagination';
import { useI18n } from '../../i18n/i18n';
import { BudgetCell } from '../tenancy/budget-panel';
import { SearchBox } from '../tenancy/search-box';
import { LimitsText, ModelsText, SourceBadge, StatusBadge } from '../tenancy/tenancy-badges';
import type { CreatedKey, KeyView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';
import { KeyActions } from './key-actions';
import { KeyCreatedDialog } from './key-created-dialog';
import { KeyFormDialog } from './key-form-dialog';

const PAGE_SIZE = 25;

/** `/keys`: every live key, searchable by name, a page at a time. */
export function KeysList() {
  const { t, format } = useI18n();
  const guard = useWriteGuard()();
  const paging = useCursorPaging();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const keys = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<KeyView>>(
        '/admin/keys',
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

  const columns: Column<KeyView>[] = [
    {
      key: 'name',
      header: t('tenancy.name'),
      render: (key) => (
        <span className="tn-name-cell">
          <Link to={`/keys/${encodeURIComponent(key.id)}`} data-testid="key-link">
            {key.name}
          </Link>
          <SourceBadge source={key.source} />
        </span>
      ),
    },
    {
      key: 'hint',
      header: t('keys.hint'),
      render: (key) => (
        <code className="mono" data-testid="key-hint">
          {key.key_hint}
        </code>
      ),
    },
    {
      key: 'team',
      header: t('keys.team'),
      render: (key) =>
        key.team_id ? (
          <Link to={`/teams/${encodeURIComponent(key.team_id)}`}>{key.team ?? key.team_id}</Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { key: 'status', header: t('tenancy.statusLabel'), render: (key) => <StatusBadge status={key.status} /> },
    { key: 'models', header: t('tenancy.models'), render: (key) => <ModelsText models={key.models} /> },
    {
      key: 'budget',
      header: t('tenancy.remaining'),
      render: (key) =>
        key.budget ? (
          <BudgetCell kind="key" id={key.id} amountMicros={key.budget.amount_micros} />
        ) : (
          <span className="muted">{t('tenancy.noBudget')}</span>
        ),
    },
    { key: 'limits', header: t('tenancy.limits'), render: (key) => <LimitsText limits={key.limits} /> },
    {
      key: 'expires',
      header: t('tenancy.expiresAt'),
      render: (key) =>
        key.expires_at ? format.date(key.expires_at) : <span className="muted">{t('tenancy.never')}</span>,
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (key) => <KeyActions apiKey={key} onChanged={keys.reload} onDeleted={keys.reload} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.keys')}
        description={t('page.keys.description')}
        actions={
          <button
            type="button"
            className="button primary"
            onClick={() => setCreating(true)}
            disabled={guard.disabled}
            title={guard.title}
            data-testid="create-key"
          >
            {t('keys.create')}
          </button>
        }
      />
      <div className="tn-toolbar">
        <SearchBox onSearch={onSearch} label={t('keys.search')} />
      </div>
      <ErrorBanner error={keys.error} onRetry={keys.reload} />
      <div data-testid="keys-table">
        <DataTable
          caption={t('nav.keys')}
          columns={columns}
          rows={keys.data?.data}
          rowKey={(key) => key.id}
          empty={
            <EmptyState
              title={search ? t('tenancy.noMatches', { search }) : t('keys.empty')}
              hint={search ? undefined : t('keys.emptyHint')}
            />
          }
        />
      </div>
      <Pagination paging={paging} nextCursor={keys.data?.next_cursor} />
      {creating && (
        <KeyFormDialog
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            keys.reload();
          }}
        />
      )}
      {created && <KeyCreatedDialog created={created} onClose={() => setCreated(null)} />}
    </>
  );
}
