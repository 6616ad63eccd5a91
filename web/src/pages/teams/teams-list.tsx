import { useRouter } from '../../app/router';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { tenancyColumns } from '../tenancy/tenancy-columns';
import { TenancyListPage } from '../tenancy/tenancy-list-page';
import type { TeamView } from '../tenancy/tenancy-types';
import { TeamActions } from './team-actions';
import { TeamFormDialog } from './team-form-dialog';

/** `/teams`: every live team, searchable by name, a page at a time; a new team opens its page. */
export function TeamsList() {
  const i18n = useI18n();
  const { t, format } = i18n;
  const { navigate } = useRouter();
  const toast = useToast();
  const column = tenancyColumns<TeamView>('team', i18n);
  return (
    <TenancyListPage<TeamView>
      kind="team"
      columns={(reload) => [
        column.name,
        column.status,
        column.models,
        column.budget,
        column.limits,
        {
          key: 'multiplier',
          header: t('teams.priceMultiplierShort'),
          align: 'right',
          render: (team) => `×${format.number(team.price_multiplier, 6)}`,
        },
        column.expires,
        column.actions((team) => <TeamActions team={team} onChanged={reload} onDeleted={reload} />),
      ]}
      renderCreator={({ onClose }) => (
        <TeamFormDialog
          onClose={onClose}
          onSaved={(team) => {
            onClose();
            toast.success(t('teams.created', { name: team.name }));
            navigate(`/teams/${encodeURIComponent(team.id)}`);
          }}
        />
      )}
    />
  );
}
