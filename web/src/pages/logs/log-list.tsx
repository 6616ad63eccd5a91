import { useMemo, useState } from 'react';
import type { ListResponse, Query } from '../../api/client';
import { useApi, useApiQuery } from '../../api/use-api';
import { Link, useRouter } from '../../app/router';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { Pagination, useCursorPaging } from '../../components/pagination';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { downloadCsv } from './download-csv';
import { KeyCell } from './key-cell';
import { type FilterChoices, LogFilters, useFilterChoices } from './log-filters';
import { StatusBadge } from './status-badge';
import { rangeStartIso } from './time-ranges';
import { LOG_FILTER_PARAMS, type LogFilterName, type UsageView } from './usage-types';

const PAGE_SIZE = 50;

/** The filters as they are in the URL (`/logs?model=gpt-4o&status=timeout`). */
export function readLogFilters(query: URLSearchParams): Partial<Record<LogFilterName, string>> {
  const values: Partial<Record<LogFilterName, string>> = {};
  for (const name of LOG_FILTER_PARAMS) {
    const value = query.get(name);
    if (value) values[name] = value;
  }
  return values;
}

/** The /admin/usage query for the URL's filters: a preset range becomes `from` (now minus the range). */
function toUsageQuery(values: Partial<Record<LogFilterName, string>>): Query {
  const { range, ...rest } = values;
  return { ...rest, from: rest.from ?? rangeStartIso(range) };
}

export function LogList() {
  const { location, navigate } = useRouter();
  const filters = readLogFilters(location.query);
  const filterKey = LOG_FILTER_PARAMS.map((name) => filters[name] ?? '').join('|');
  const choices = useFilterChoices();

  const setFilters = (changes: Partial<Record<LogFilterName, string | null>>) => {
    const query = new URLSearchParams(location.query);
    for (const [name, value] of Object.entries(changes)) {
      if (value) query.set(name, value);
      else query.delete(name);
    }
    const text = query.toString();
    navigate(`/logs${text ? `?${text}` : ''}`, { replace: true });
  };

  return (
    <>
      <LogFilters
        values={filters}
        choices={choices.data}
        onChange={setFilters}
        onClear={() => navigate('/logs', { replace: true })}
      />
      {/* Keyed by the filters: a change starts again at the first page. */}
      <LogTable key={filterKey} filters={filters} choices={choices.data} search={location.query.toString()} />
    </>
  );
}

function LogTable({
  filters,
  choices,
  search,
}: {
  filters: Partial<Record<LogFilterName, string>>;
  choices: FilterChoices | undefined;
  search: string;
}) {
  const { t, format } = useI18n();
  const api = useApi();
  const toast = useToast();
  const { navigate } = useRouter();
  const paging = useCursorPaging();
  const [exporting, setExporting] = useState(false);
  // The range's start is fixed when the filters are set, so paging walks one stable window.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the component is keyed by the filters.
  const query = useMemo(() => toUsageQuery(filters), []);
  const records = useApiQuery(
    (client, signal) =>
      client.get<ListResponse<UsageView>>(
        '/admin/usage',
        { ...query, limit: PAGE_SIZE, cursor: paging.cursor },
        signal,
      ),
    [paging.cursor],
  );
  const teamNames = useMemo(
    () => new Map((choices?.teams ?? []).map((team) => [team.id, team.name])),
    [choices],
  );
  const detailHref = (row: UsageView) =>
    `/logs/${encodeURIComponent(row.request_id)}${search ? `?${search}` : ''}`;

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadCsv(api, '/admin/usage', query, 'usage.csv');
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setExporting(false);
    }
  };

  const dash = <span className="muted">—</span>;
  const columns: Column<UsageView>[] = [
    {
      key: 'time',
      header: t('logs.col.time'),
      width: '110px',
      render: (row) => (
        <Link
          to={detailHref(row)}
          data-testid={`log-link-${row.request_id}`}
          className="log-time"
          title={row.request_id}
          // The row opens the same detail; stop the event there so it navigates once.
          onClick={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
        >
          {format.dateTime(row.created_at)}
        </Link>
      ),
    },
    { key: 'key', header: t('logs.col.key'), render: (row) => <KeyCell row={row} /> },
    {
      key: 'team',
      header: t('logs.col.team'),
      render: (row) => (row.team_id ? (teamNames.get(row.team_id) ?? row.team_id) : dash),
    },
    {
      key: 'model',
      header: t('logs.col.model'),
      render: (row) => (
        <span className="mono" data-testid="log-model">
          {row.model}
          {row.served_model && row.served_model !== row.model && (
            <span className="muted"> → {row.served_model}</span>
          )}
        </span>
      ),
    },
    { key: 'channel', header: t('logs.col.channel'), render: (row) => row.channel ?? dash },
    {
      key: 'status',
      header: t('logs.col.status'),
      render: (row) => (
        <>
          <StatusBadge status={row.status} /> <span className="muted mono">{row.http_status}</span>
        </>
      ),
    },
    {
      key: 'tokens',
      header: t('logs.col.tokens'),
      align: 'right',
      render: (row) => (
        <span
          title={t('logs.tokensTitle', {
            prompt: format.number(row.prompt_tokens),
            completion: format.number(row.completion_tokens),
          })}
        >
          {format.number(row.total_tokens)}
        </span>
      ),
    },
    {
      key: 'cost',
      header: t('logs.col.cost'),
      align: 'right',
      render: (row) => format.money(row.cost_micros / 1e6),
    },
    {
      key: 'latency',
      header: t('logs.col.latency'),
      align: 'right',
      render: (row) => format.duration(row.latency_ms),
    },
    {
      key: 'ttft',
      header: t('logs.col.ttft'),
      align: 'right',
      render: (row) => (row.ttft_ms === null ? dash : format.duration(row.ttft_ms)),
    },
    {
      key: 'attempts',
      header: t('logs.col.attempts'),
      align: 'right',
      render: (row) => format.number(row.attempts),
    },
  ];

  return (
    <section className="card logs-card">
      <div className="card-header">
        <span className="muted" data-testid="logs-count">
          {records.data ? t('logs.shown', { count: format.number(records.data.data.length) }) : '\u00a0'}
        </span>
        <button
          type="button"
          className="button small"
          onClick={exportCsv}
          disabled={exporting}
          data-testid="logs-export-csv"
        >
          {exporting ? t('logs.exporting') : t('logs.exportCsv')}
        </button>
      </div>
      <ErrorBanner error={records.error} onRetry={records.reload} />
      <div data-testid="logs-table">
        <DataTable
          columns={columns}
          rows={records.error && !records.data ? [] : records.data?.data}
          rowKey={(row) => row.request_id}
          caption={t('nav.logs')}
          skeletonRows={8}
          onRowClick={(row) => navigate(detailHref(row))}
          empty={<EmptyState title={t('logs.empty.title')} hint={t('logs.empty.hint')} />}
        />
      </div>
      <Pagination paging={paging} nextCursor={records.data?.next_cursor} />
    </section>
  );
}
