import { useState } from 'react';
import { useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import type { TeamView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';
import { TeamFormDialog } from './team-form-dialog';

/** Edit, disable/enable and delete (with confirmation) for one team. */
export function TeamActions({
  team,
  onChanged,
  onDeleted,
}: {
  team: TeamView;
  onChanged(team: TeamView): void;
  onDeleted(): void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const guard = useWriteGuard()(team.source);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/admin/teams/${encodeURIComponent(team.id)}`;
  const gone = team.status === 'deleted';
  const disabled = team.disabled_at !== null;

  const toggle = async () => {
    setBusy(true);
    try {
      const next = await api.post<TeamView>(`${path}/${disabled ? 'enable' : 'disable'}`);
      toast.success(t(disabled ? 'teams.enabled' : 'teams.disabled', { name: team.name }));
      onChanged(next);
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(path);
      toast.success(t('teams.deleted', { name: team.name }));
      setDeleting(false);
      onDeleted();
    } catch (error) {
      // A team that still has keys is refused (409): the message says so.
      toast.error(error as Error);
      setBusy(false);
    }
  };

  return (
    <div className="tn-row-actions">
      <button
        type="button"
        className="button small"
        onClick={() => setEditing(true)}
        disabled={guard.disabled || gone}
        title={guard.title}
        data-testid="team-edit"
      >
        {t('common.edit')}
      </button>
      <button
        type="button"
        className="button small"
        onClick={toggle}
        disabled={guard.disabled || gone || busy}
        title={guard.title}
        data-testid={disabled ? 'team-enable' : 'team-disable'}
      >
        {disabled ? t('common.enable') : t('common.disable')}
      </button>
      <button
        type="button"
        className="button small tn-danger-outline"
        onClick={() => setDeleting(true)}
        disabled={guard.disabled || gone}
        title={guard.title}
        data-testid="team-delete"
      >
        {t('common.delete')}
      </button>
      {editing && (
        <TeamFormDialog
          existing={team}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            toast.success(t('teams.saved', { name: next.name }));
            onChanged(next);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('teams.deleteTitle', { name: team.name })}
          message={t('teams.deleteMessage')}
          confirmLabel={t('teams.deleteConfirm')}
          danger
          busy={busy}
          onConfirm={remove}
          onCancel={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
