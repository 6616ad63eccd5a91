import { type ReactNode, useCallback, useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import { Pagination, useCursorPaging } from '../../components/pagination';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { SearchBox } from './search-box';
import type { OwnerKind } from './tenancy-types';
import { useWriteGuard } from './write-guard';

const PAGE_SIZE = 25;

interface KindText {
  collection: 'keys' | 'teams';
  title: MessageKey;
  description: MessageKey;
  create: MessageKey;
  search: MessageKey;
  empty: MessageKey;
  emptyHint: MessageKey;
}

const KINDS: Record<OwnerKind, KindText> = {
  key: {
    collection: 'keys',
    title: 'nav.keys',
    description: 'page.keys.description',
    create: 'keys.create',
    search: 'keys.search',
    empty: 'keys.empty',
    emptyHint: 'keys.emptyHint',
  },
  team: {
    collection: 'teams',
    title: 'nav.teams',
    description: 'page.teams.description',
    create: 'teams.create',
    search: 'teams.search',
    empty: 'teams.empty',
    emptyHint: 'teams.emptyHint',
  },
};

/**
 * `/keys` or `/teams`: every live row, searchable by name, a page at a time, with a Create button
 * (test id `create-key`/`create-team`) whose dialog `renderCreator` draws. A new search goes back to
 * the first page.
 */
export function TenancyListPage<T extends { id: string }>({
  kind,
  columns,
  renderCreator,
}: {
  kind: OwnerKind;
  /** The table's columns; `reload` refreshes the current page (after a row action). */
  columns(reload: () => void): Column<T>[];
  renderCreator(props: { onClose(): void; reload(): void }): ReactNode;
}) {
  const { t } = useI18n();
  const guard = useWriteGuard()();
  const paging = useCursorPaging();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const text = KINDS[kind];
  const rows = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<T>>(
        `/admin/${text.collection}`,
        { limit: PAGE_SIZE, cursor: paging.cursor, search },
        signal,
      ),
    [text.collection, paging.cursor, search],
  );
  const { reset } = paging;
  const onSearch = useCallback(
    (value: string) => {
      setSearch((current) => {
        if (current !== value) reset();
        return value;
      });
    },
    [reset],
  );

  return (
    <>
      <PageHeader
        title={t(text.title)}
        description={t(text.description)}
        actions={
          <button
            type="button"
            className="button primary"
            onClick={() => setCreating(true)}
            disabled={guard.disabled}
            title={guard.title}
            data-testid={`create-${kind}`}
          >
            {t(text.create)}
          </button>
        }
      />
      <div className="tn-toolbar">
        <SearchBox onSearch={onSearch} label={t(text.search)} />
      </div>
      <ErrorBanner error={rows.error} onRetry={rows.reload} />
      <div data-testid={`${text.collection}-table`}>
        <DataTable
          caption={t(text.title)}
          columns={columns(rows.reload)}
          rows={rows.data?.data ?? (rows.error ? [] : undefined)}
          rowKey={(row) => row.id}
          empty={
            <EmptyState
              title={search ? t('tenancy.noMatches', { search }) : t(text.empty)}
              hint={search ? undefined : t(text.emptyHint)}
            />
          }
        />
      </div>
      <Pagination paging={paging} nextCursor={rows.data?.next_cursor} />
      {creating && renderCreator({ onClose: () => setCreating(false), reload: rows.reload })}
    </>
  );
}
