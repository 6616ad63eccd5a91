import { type FormEvent, useState } from 'react';
import type { ListResponse } from '../../api/client';
import { useApi, useApiQuery } from '../../api/use-api';
import { type Column, DataTable } from '../../components/data-table';
import { DialogFooter } from '../../components/dialog-footer';
import { ErrorBanner } from '../../components/error-banner';
import { TextField } from '../../components/form-field';
import { ConfirmDialog, Modal } from '../../components/modal';
import { StatTile } from '../../components/stat-tile';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { usePeriodLabel } from './tenancy-badges';
import { formErrorsOf, NO_ERRORS } from './tenancy-form';
import { type BudgetView, type LedgerEntryView, MICROS, type OwnerKind } from './tenancy-types';
import { useWriteGuard } from './write-guard';

const basePath = (kind: OwnerKind, id: string) =>
  `/admin/${kind === 'key' ? 'keys' : 'teams'}/${encodeURIComponent(id)}`;

/** A key's or team's budget in its current window, with grant and reset for admins. */
export function BudgetPanel({
  kind,
  id,
  live,
  version,
}: {
  kind: OwnerKind;
  id: string;
  /** False for revoked keys and deleted teams: nothing can be granted any more. */
  live: boolean;
  /** Bumped by the page after an edit, so the budget is read again. */
  version: number;
}) {
  const { t, format } = useI18n();
  // Grants and resets work on config rows too: the ledger is the database's, not the YAML's.
  const guard = useWriteGuard()();
  const budget = useApiQuery(
    (api, signal) => api.get<BudgetView>(`${basePath(kind, id)}/budget`, undefined, signal),
    [kind, id, version],
  );
  const [grantCount, setGrantCount] = useState(0);
  const grants = useApiQuery(
    (api, signal) =>
      api.get<ListResponse<LedgerEntryView>>(
        '/admin/ledger',
        { [kind === 'key' ? 'key_id' : 'team_id']: id, kind: 'grant', limit: 5 },
        signal,
      ),
    [kind, id, version, grantCount],
  );
  const [granting, setGranting] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [busy, setBusy] = useState(false);
  const api = useApi();
  const toast = useToast();
  const periodLabel = usePeriodLabel();
  const view = budget.data;
  const money = (micros: number | null | undefined) =>
    micros === null || micros === undefined ? '—' : format.money(micros / MICROS);
  const hasBudget = view ? view.amount_micros !== null : false;
  // On a failed read the banner says why; the tiles show dashes rather than skeletons that never end.
  const tilesLoading = !view && !budget.error;
  const grantColumns: Column<LedgerEntryView>[] = [
    { key: 'time', header: t('tenancy.grantTime'), render: (entry) => format.dateTime(entry.created_at) },
    {
      key: 'amount',
      header: t('tenancy.grantAmount'),
      align: 'right',
      render: (entry) => format.money(entry.amount_micros / MICROS),
    },
    { key: 'actor', header: t('tenancy.grantActor'), render: (entry) => entry.actor ?? '—' },
    { key: 'note', header: t('tenancy.note'), render: (entry) => entry.note ?? '' },
  ];

  const reset = async () => {
    setBusy(true);
    try {
      await api.post(`${basePath(kind, id)}/budget/reset`);
      toast.success(t('tenancy.budgetResetDone'));
      setResetting(false);
      budget.reload();
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`budget-${id}`} data-testid="budget-panel">
      <div className="card-header">
        <h2 id={`budget-${id}`}>{t('tenancy.budget')}</h2>
        <div className="row">
          <button
            type="button"
            className="button small"
            onClick={() => setGranting(true)}
            disabled={guard.disabled || !live}
            title={guard.title}
            data-testid="grant-button"
          >
            {t('tenancy.grant')}
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => setResetting(true)}
            disabled={guard.disabled || !live || !hasBudget}
            title={guard.title ?? (hasBudget ? undefined : t('tenancy.noBudget'))}
            data-testid="reset-button"
          >
            {t('tenancy.resetBudget')}
          </button>
        </div>
      </div>
      <ErrorBanner error={budget.error} onRetry={budget.reload} />
      <div className="grid grid-4">
        <StatTile
          label={t('tenancy.budgetAmount')}
          value={
            !view ? '—' : view.amount_micros !== null ? money(view.amount_micros) : t('tenancy.noBudget')
          }
          hint={view?.period ? periodLabel(view.period) : undefined}
          loading={tilesLoading}
        />
        <StatTile
          label={t('tenancy.remaining')}
          value={money(view?.remaining_micros)}
          loading={tilesLoading}
        />
        <StatTile
          label={hasBudget ? t('tenancy.spentInWindow') : t('tenancy.spentAllTime')}
          value={money(view?.spent_micros)}
          hint={
            view?.window_start ? t('tenancy.since', { time: format.dateTime(view.window_start) }) : undefined
          }
          loading={tilesLoading}
        />
        <StatTile
          label={t('tenancy.granted')}
          value={money(view?.granted_micros)}
          hint={
            view?.window_end ? t('tenancy.windowEnds', { time: format.dateTime(view.window_end) }) : undefined
          }
          loading={tilesLoading}
        />
      </div>
      <h3 className="tn-subheading">{t('tenancy.recentGrants')}</h3>
      <ErrorBanner error={grants.error} onRetry={grants.reload} />
      <DataTable
        caption={t('tenancy.recentGrants')}
        columns={grantColumns}
        rows={grants.data?.data ?? (grants.error ? [] : undefined)}
        rowKey={(entry) => entry.id}
        skeletonRows={1}
        empty={<p className="muted tn-empty-line">{t('tenancy.noGrants')}</p>}
      />
      {granting && (
        <GrantDialog
          path={`${basePath(kind, id)}/grants`}
          onClose={() => setGranting(false)}
          onGranted={() => {
            setGranting(false);
            setGrantCount((count) => count + 1);
            budget.reload();
          }}
        />
      )}
      {resetting && (
        <ConfirmDialog
          title={t('tenancy.resetBudget')}
          message={t('tenancy.resetConfirm')}
          confirmLabel={t('tenancy.resetBudget')}
          busy={busy}
          onConfirm={reset}
          onCancel={() => setResetting(false)}
        />
      )}
    </section>
  );
}

function GrantDialog({ path, onClose, onGranted }: { path: string; onClose(): void; onGranted(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post(path, { amount: amount.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
      toast.success(t('tenancy.grantDone'));
      onGranted();
    } catch (error) {
      setErrors(formErrorsOf(error, ['amount', 'note']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('tenancy.grant')}
      onClose={onClose}
      size="small"
      footer={
        <DialogFooter form="grant-form" submitLabel={t('tenancy.grant')} busy={busy} onCancel={onClose} />
      }
    >
      <form id="grant-form" className="form" onSubmit={submit} noValidate>
        <p className="muted">{t('tenancy.grantHint')}</p>
        <TextField
          label={t('tenancy.grantAmount')}
          inputMode="decimal"
          required
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          error={errors.fields.amount}
          data-testid="grant-amount"
          data-autofocus
        />
        <TextField
          label={t('tenancy.grantNote')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={errors.fields.note}
          maxLength={500}
        />
        <ErrorBanner error={errors.form} />
      </form>
    </Modal>
  );
}

/** The list's budget column: remaining of the amount, read per row (only rows that have a budget). */
export function BudgetCell({
  kind,
  id,
  amountMicros,
}: {
  kind: OwnerKind;
  id: string;
  amountMicros: number;
}) {
  const { format } = useI18n();
  const budget = useApiQuery(
    (api, signal) => api.get<BudgetView>(`${basePath(kind, id)}/budget`, undefined, signal),
    [kind, id, amountMicros],
  );
  const remaining = budget.data?.remaining_micros;
  if (budget.error) return <span className="muted">—</span>;
  if (remaining === undefined || remaining === null) return <span className="skeleton" />;
  const ratio = amountMicros > 0 ? Math.max(0, Math.min(1, remaining / amountMicros)) : 0;
  return (
    <span className="tn-budget-cell" data-testid="budget-remaining">
      <span>
        {format.money(remaining / MICROS)} / {format.money(amountMicros / MICROS)}
      </span>
      <span className="tn-budget-meter" aria-hidden="true">
        <span style={{ width: `${ratio * 100}%` }} className={ratio < 0.1 ? 'low' : undefined} />
      </span>
    </span>
  );
}
