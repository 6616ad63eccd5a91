import { useI18n } from '../../i18n/i18n';
import { BudgetPanel } from '../tenancy/budget-panel';
import { SpendChart } from '../tenancy/spend-chart';
import { TenancyDetailPage, tenancyDetailItems } from '../tenancy/tenancy-detail-page';
import type { TeamView } from '../tenancy/tenancy-types';
import { TeamActions } from './team-actions';
import { TeamKeys } from './team-keys';
import { TeamMembers } from './team-members';

/** `/teams/<id>`: one team's settings, members, budget, keys and 30-day spend. */
export function TeamDetail({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, format } = i18n;
  return (
    <TenancyDetailPage<TeamView>
      kind="team"
      id={id}
      actions={({ view, changed, back }) => <TeamActions team={view} onChanged={changed} onDeleted={back} />}
      details={(view) => {
        const item = tenancyDetailItems(view, i18n);
        return [
          item.models,
          item.limits,
          {
            label: t('teams.priceMultiplier'),
            value: `×${format.number(view.price_multiplier, 6)}`,
            testId: 'detail-multiplier',
          },
          item.expires,
          item.promptLogging,
          item.created,
        ];
      }}
    >
      {({ view, version, changed }) => (
        <>
          <BudgetPanel kind="team" id={view.id} live={view.status !== 'deleted'} version={version} />
          <SpendChart kind="team" id={view.id} />
          <TeamMembers team={view} onChanged={changed} />
          <TeamKeys team={view} />
        </>
      )}
    </TenancyDetailPage>
  );
}
