import { TenancyRowActions } from '../tenancy/tenancy-row-actions';
import type { TeamView } from '../tenancy/tenancy-types';
import { TeamFormDialog } from './team-form-dialog';

/** Edit, disable/enable and delete for one team; nothing changes a deleted team. */
export function TeamActions({
  team,
  onChanged,
  onDeleted,
}: {
  team: TeamView;
  onChanged(team: TeamView): void;
  onDeleted(): void;
}) {
  return (
    <TenancyRowActions
      kind="team"
      row={team}
      gone={team.status === 'deleted'}
      onChanged={onChanged}
      onDeleted={onDeleted}
      renderEditor={(props) => <TeamFormDialog {...props} />}
    />
  );
}
