import type { ReactNode } from 'react';
import { Link } from '../../app/router';
import type { Column } from '../../components/data-table';
import type { I18n } from '../../i18n/i18n';
import { BudgetCell } from './budget-panel';
import { LimitsText, ModelsText, SourceBadge, StatusBadge } from './tenancy-badges';
import type { KeyView, OwnerKind, TeamView } from './tenancy-types';

type Row = KeyView | TeamView;

/**
 * The columns the keys and teams lists share, by name, so each list puts them in its own order
 * between its own columns. Links are `/keys/<id>` or `/teams/<id>` with test id `key-link`/`team-link`.
 */
export function tenancyColumns<T extends Row>(kind: OwnerKind, { t, format }: Pick<I18n, 't' | 'format'>) {
  const name: Column<T> = {
    key: 'name',
    header: t('tenancy.name'),
    render: (row) => (
      <span className="tn-name-cell">
        <Link to={`/${kind}s/${encodeURIComponent(row.id)}`} data-testid={`${kind}-link`}>
          {row.name}
        </Link>
        <SourceBadge source={row.source} />
      </span>
    ),
  };
  const status: Column<T> = {
    key: 'status',
    header: t('tenancy.statusLabel'),
    render: (row) => <StatusBadge status={row.status} />,
  };
  const models: Column<T> = {
    key: 'models',
    header: t('tenancy.models'),
    render: (row) => <ModelsText models={row.models} />,
  };
  const budget: Column<T> = {
    key: 'budget',
    header: t('tenancy.remaining'),
    render: (row) =>
      row.budget ? (
        <BudgetCell kind={kind} id={row.id} amountMicros={row.budget.amount_micros} />
      ) : (
        <span className="muted">{t('tenancy.noBudget')}</span>
      ),
  };
  const limits: Column<T> = {
    key: 'limits',
    header: t('tenancy.limits'),
    render: (row) => <LimitsText limits={row.limits} />,
  };
  const expires: Column<T> = {
    key: 'expires',
    header: t('tenancy.expiresAt'),
    render: (row) =>
      row.expires_at ? format.date(row.expires_at) : <span className="muted">{t('tenancy.never')}</span>,
  };
  const actions = (render: (row: T) => ReactNode): Column<T> => ({
    key: 'actions',
    header: <span className="visually-hidden">{t('common.actions')}</span>,
    align: 'right',
    render,
  });
  return { name, status, models, budget, limits, expires, actions };
}
