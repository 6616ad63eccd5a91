import type { ListResponse } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { BudgetPanel } from '../tenancy/budget-panel';
import { SpendChart } from '../tenancy/spend-chart';
import { TenancyDetailPage, tenancyDetailItems } from '../tenancy/tenancy-detail-page';
import type { KeyView } from '../tenancy/tenancy-types';
import { KeyActions } from './key-actions';

interface UsageRow {
  created_at: string;
}

/** `/keys/<id>`: one key's settings, budget, last use and 30-day spend. */
export function KeyDetail({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, format } = i18n;
  const lastUse = useApiQuery(
    (api, signal) => api.get<ListResponse<UsageRow>>('/admin/usage', { key_id: id, limit: 1 }, signal),
    [id],
  );
  const lastUsed = lastUse.data ? (lastUse.data.data[0]?.created_at ?? null) : undefined;

  return (
    <TenancyDetailPage<KeyView>
      kind="key"
      id={id}
      actions={({ view, changed, back }) => <KeyActions apiKey={view} onChanged={changed} onDeleted={back} />}
      details={(view) => {
        const item = tenancyDetailItems(view, i18n);
        return [
          { label: t('keys.hint'), value: <code>{view.key_hint}</code>, testId: 'detail-hint' },
          {
            label: t('keys.team'),
            value: view.team_id ? (
              <Link to={`/teams/${encodeURIComponent(view.team_id)}`}>{view.team ?? view.team_id}</Link>
            ) : (
              t('keys.noTeam')
            ),
          },
          item.models,
          item.limits,
          item.expires,
          {
            label: t('tenancy.allowIps'),
            value: view.allow_ips ? (
              <span className="mono">{view.allow_ips.join(', ')}</span>
            ) : (
              t('keys.anyIp')
            ),
          },
          item.promptLogging,
          {
            label: t('keys.lastUsed'),
            value:
              lastUsed === undefined ? (
                <span className="skeleton" />
              ) : lastUsed === null ? (
                t('keys.neverUsed')
              ) : (
                <span title={format.dateTime(lastUsed)}>{format.relative(lastUsed)}</span>
              ),
          },
          item.created,
        ];
      }}
    >
      {({ view, version }) => (
        <>
          <BudgetPanel kind="key" id={view.id} live={view.status !== 'revoked'} version={version} />
          <SpendChart kind="key" id={view.id} />
        </>
      )}
    </TenancyDetailPage>
  );
}
