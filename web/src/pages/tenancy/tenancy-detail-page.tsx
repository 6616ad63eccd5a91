import { type ReactNode, useState } from 'react';
import { useApiQuery } from '../../api/use-api';
import { Link, useRouter } from '../../app/router';
import { EmptyState } from '../../components/empty-state';
import { ErrorBanner } from '../../components/error-banner';
import { PageHeader } from '../../components/page-header';
import type { MessageKey } from '../../i18n/en';
import { type I18n, useI18n } from '../../i18n/i18n';
import { type DetailItem, DetailList } from './detail-list';
import { LimitsText, ModelsText, SourceBadge, StatusBadge } from './tenancy-badges';
import type { KeyView, OwnerKind, TeamView } from './tenancy-types';

type Row = KeyView | TeamView;

interface KindText {
  collection: 'keys' | 'teams';
  title: MessageKey;
  back: MessageKey;
  description: MessageKey;
  notFound: MessageKey;
}

const KINDS: Record<OwnerKind, KindText> = {
  key: {
    collection: 'keys',
    title: 'nav.keys',
    back: 'keys.back',
    description: 'keys.detailDescription',
    notFound: 'keys.notFound',
  },
  team: {
    collection: 'teams',
    title: 'nav.teams',
    back: 'teams.back',
    description: 'teams.detailDescription',
    notFound: 'teams.notFound',
  },
};

/** What the page's parts get: the loaded row, a version that changes after each edit, and actions. */
export interface DetailContext<T> {
  view: T;
  /** Bumped by `changed`: panels that show derived data (the budget) reload on it. */
  version: number;
  /** Reloads the row (after an edit, enable/disable, a member change). */
  changed(): void;
  /** Back to the list (after a delete). */
  back(): void;
}

/**
 * `/keys/<id>` or `/teams/<id>`: a breadcrumb back to the list, the header with the row's actions,
 * "not found" for an unknown id, a fixed-height skeleton while loading, then the details card
 * (source and status badges over `details`) and the page's own panels (`children`). The stack's
 * test id is `key-detail`/`team-detail`.
 */
export function TenancyDetailPage<T extends Row>({
  kind,
  id,
  actions,
  details,
  children,
}: {
  kind: OwnerKind;
  id: string;
  actions(context: DetailContext<T>): ReactNode;
  details(view: T): DetailItem[];
  children(context: DetailContext<T>): ReactNode;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [version, setVersion] = useState(0);
  const text = KINDS[kind];
  const row = useApiQuery(
    (api, signal) => api.get<T>(`/admin/${text.collection}/${encodeURIComponent(id)}`, undefined, signal),
    [text.collection, id, version],
  );
  const view = row.data;
  const notFound = (row.error as { status?: number } | null)?.status === 404;
  const context: DetailContext<T> | undefined = view && {
    view,
    version,
    changed: () => setVersion((value) => value + 1),
    back: () => navigate(`/${text.collection}`),
  };

  return (
    <>
      <p className="tn-breadcrumb">
        <Link to={`/${text.collection}`}>← {t(text.back)}</Link>
      </p>
      <PageHeader
        title={view?.name ?? t(text.title)}
        description={view ? t(text.description) : undefined}
        actions={context && actions(context)}
      />
      {notFound ? (
        <EmptyState title={t(text.notFound)}>
          <Link to={`/${text.collection}`}>{t(text.back)}</Link>
        </EmptyState>
      ) : (
        <ErrorBanner error={row.error} onRetry={row.reload} />
      )}
      {!view && !row.error && (
        <div className="card tn-detail-loading" aria-busy="true">
          <span className="skeleton" />
        </div>
      )}
      {context && (
        <div className="tn-detail-stack" data-testid={`${kind}-detail`}>
          <section className="card">
            <div className="card-header">
              <h2>{t('common.details')}</h2>
              <span className="row">
                <SourceBadge source={context.view.source} />
                <StatusBadge status={context.view.status} />
              </span>
            </div>
            <DetailList items={details(context.view)} />
          </section>
          {children(context)}
        </div>
      )}
    </>
  );
}

/** The detail items keys and teams share, by name, for each page to put in its own order. */
export function tenancyDetailItems(view: Row, { t, format }: Pick<I18n, 't' | 'format'>) {
  return {
    models: { label: t('tenancy.models'), value: <ModelsText models={view.models} /> },
    limits: {
      label: t('tenancy.limits'),
      value: <LimitsText limits={view.limits} />,
      testId: 'detail-limits',
    },
    expires: {
      label: t('tenancy.expiresAt'),
      value: view.expires_at ? format.dateTime(view.expires_at) : t('tenancy.never'),
    },
    promptLogging: {
      label: t('tenancy.promptLogging'),
      value: view.prompt_logging
        ? t('tenancy.retentionValue', { days: view.prompt_logging.retention_days })
        : t('tenancy.off'),
    },
    created: { label: t('tenancy.created'), value: format.dateTime(view.created_at) },
  } satisfies Record<string, DetailItem>;
}
