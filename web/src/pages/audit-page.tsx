import { type FormEvent, useMemo, useState } from 'react';
import type { ListResponse } from '../api/client';
import { useApiQuery } from '../api/use-api';
import { useRouter } from '../app/router';
import { type Column, DataTable } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { SelectField, TextField } from '../components/form-field';
import { PageHeader } from '../components/page-header';
import { Pagination, useCursorPaging } from '../components/pagination';
import { useI18n } from '../i18n/i18n';
import { diffFields } from './audit/audit-diff';
import { AuditDiffDialog } from './audit/audit-diff-dialog';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditView } from './audit/audit-types';
import { RANGE_PRESETS, rangeStartIso } from './logs/time-ranges';

const FILTERS = ['range', 'action', 'target_type', 'target_id'] as const;
type AuditFilter = (typeof FILTERS)[number];
const PAGE_SIZE = 50;

/** Audit log: every admin change, newest first, filtered through the URL (`/audit?action=key.create`). */
export function AuditPage() {
  const { t } = useI18n();
  const { location, navigate } = useRouter();
  const values: Partial<Record<AuditFilter, string>> = {};
  for (const name of FILTERS) {
    const value = location.query.get(name);
    if (value) values[name] = value;
  }
  const setFilters = (next: Partial<Record<AuditFilter, string>>) => {
    const query = new URLSearchParams();
    for (const name of FILTERS) if (next[name]) query.set(name, next[name]);
    const text = query.toString();
    navigate(`/audit${text ? `?${text}` : ''}`, { replace: true });
  };
  const filterKey = FILTERS.map((name) => values[name] ?? '').join('|');

  return (
    <>
      <PageHeader title={t('nav.audit')} description={t('page.audit.description')} />
      <AuditFilters key={filterKey} values={values} onApply={setFilters} />
      <AuditTable key={`table-${filterKey}`} values={values} />
    </>
  );
}

function AuditFilters({
  values,
  onApply,
}: {
  values: Partial<Record<AuditFilter, string>>;
  onApply(values: Partial<Record<AuditFilter, string>>): void;
}) {
  const { t } = useI18n();
  // Text filters apply on Enter or Apply; the selects at once.
  const [action, setAction] = useState(values.action ?? '');
  const [targetId, setTargetId] = useState(values.target_id ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...values, action: action.trim(), target_id: targetId.trim() });
  };
  const all = { value: '', label: t('logs.filter.all') };
  return (
    <form className="filter-bar" onSubmit={submit} data-testid="audit-filters">
      <div className="filter">
        <SelectField
          label={t('logs.filter.time')}
          value={values.range ?? ''}
          options={[all, ...RANGE_PRESETS.map((preset) => ({ value: preset.id, label: t(preset.label) }))]}
          onChange={(event) => onApply({ ...values, range: event.target.value })}
          data-testid="audit-filter-range"
        />
      </div>
      <div className="filter">
        <TextField
          label={t('audit.filter.action')}
          value={action}
          list="audit-actions"
          placeholder="key.create"
          onChange={(event) => setAction(event.target.value)}
          data-testid="audit-filter-action"
        />
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="filter">
        <SelectField
          label={t('audit.filter.targetType')}
          value={values.target_type ?? ''}
          options={[all, ...AUDIT_TARGET_TYPES.map((type) => ({ value: type, label: type }))]}
          onChange={(event) => onApply({ ...values, target_type: event.target.value })}
          data-testid="audit-filter-target-type"
        />
      </div>
      <div className="filter">
        <TextField
          label={t('audit.filter.targetId')}
          value={targetId}
          onChange={(event) => setTargetId(event.target.value)}
          data-testid="audit-filter-target-id"
        />
      </div>
      <div className="filter filter-actions">
        <button type="submit" className="button small primary" data-testid="audit-filter-apply">
          {t('audit.filter.apply')}
        </button>
        {Object.keys(values).length > 0 && (
          <button type="button" className="button small ghost" onClick={() => onApply({})}>
            {t('logs.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

function AuditTable({ values }: { values: Partial<Record<AuditFilter, string>> }) {
  const { t, format } = useI18n();
  const paging = useCursorPaging();
  const [open, setOpen] = useState<AuditView | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the table is keyed by the filters.
  const from = useMemo(() => rangeStartIso(values.range), []);
  const entries = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<AuditView>>(
        '/admin/audit',
        {
          action: values.action,
          target_type: values.target_type,
          target_id: values.target_id,
          from,
          limit: PAGE_SIZE,
          cursor: paging.cursor,
        },
        signal,
      ),
    [paging.cursor],
  );
  const dash = <span className="muted">—</span>;
  const columns: Column<AuditView>[] = [
    {
      key: 'time',
      header: t('audit.col.time'),
      width: '190px',
      render: (row) => <span data-testid={`audit-row-${row.id}`}>{format.dateTime(row.created_at)}</span>,
    },
    { key: 'actor', header: t('audit.col.actor'), render: (row) => row.actor_name },
    {
      key: 'action',
      header: t('audit.col.action'),
      render: (row) => (
        <code className="mono" data-testid="audit-action">
          {row.action}
        </code>
      ),
    },
    {
      key: 'target',
      header: t('audit.col.target'),
      render: (row) => (
        <span>
          <span className="badge">{row.target_type}</span>{' '}
          <span className="mono">{row.target_id ?? dash}</span>
        </span>
      ),
    },
    {
      key: 'changes',
      header: t('audit.col.changes'),
      align: 'right',
      width: '150px',
      render: (row) => (
        <button
          type="button"
          className="button small"
          data-testid={`audit-view-${row.id}`}
          onClick={(event) => {
            event.stopPropagation();
            setOpen(row);
          }}
        >
          {t('audit.fieldsChanged', { count: format.number(diffFields(row.before, row.after).length) })}
        </button>
      ),
    },
  ];
  return (
    <section className="card">
      <ErrorBanner error={entries.error} onRetry={entries.reload} />
      <div data-testid="audit-table">
        <DataTable
          columns={columns}
          rows={entries.error && !entries.data ? [] : entries.data?.data}
          rowKey={(row) => row.id}
          caption={t('nav.audit')}
          skeletonRows={8}
          empty={<EmptyState title={t('audit.empty.title')} hint={t('audit.empty.hint')} />}
        />
      </div>
      <Pagination paging={paging} nextCursor={entries.data?.next_cursor} />
      {open && <AuditDiffDialog entry={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
