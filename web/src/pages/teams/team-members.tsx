import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/use-api';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { SelectField, TextField } from '../../components/form-field';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { formErrorsOf, NO_ERRORS } from '../tenancy/tenancy-form';
import type { MemberView, TeamView } from '../tenancy/tenancy-types';
import { useWriteGuard } from '../tenancy/write-guard';

type Role = MemberView['role'];

/** A team's members (owner or member): add, change role, remove. */
export function TeamMembers({ team, onChanged }: { team: TeamView; onChanged(): void }) {
  const { t, format } = useI18n();
  const api = useApi();
  const toast = useToast();
  const guard = useWriteGuard()(team.source);
  const [member, setMember] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const locked = guard.disabled || team.status === 'deleted';
  const path = (name: string) =>
    `/admin/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(name)}`;
  const roles = [
    { value: 'member', label: t('teams.role.member') },
    { value: 'owner', label: t('teams.role.owner') },
  ];

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      // An empty name would address the members list itself: let the API name the problem.
      await api.put(path(member.trim() || ' '), { role });
      toast.success(t('teams.memberAdded', { member: member.trim() }));
      setMember('');
      onChanged();
    } catch (error) {
      setErrors(formErrorsOf(error, ['member', 'role']));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (name: string) => {
    try {
      await api.delete(path(name));
      toast.success(t('teams.memberRemoved', { member: name }));
      onChanged();
    } catch (error) {
      toast.error(error as Error);
    }
  };

  const columns: Column<MemberView>[] = [
    { key: 'member', header: t('teams.member'), render: (row) => row.member },
    {
      key: 'role',
      header: t('teams.role'),
      render: (row) => (
        <span className={`badge ${row.role === 'owner' ? 'info' : ''}`}>{t(`teams.role.${row.role}`)}</span>
      ),
    },
    { key: 'added', header: t('teams.memberSince'), render: (row) => format.date(row.created_at) },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (row) => (
        <button
          type="button"
          className="button small"
          onClick={() => remove(row.member)}
          disabled={locked}
          title={guard.title}
          aria-label={t('teams.removeMember', { member: row.member })}
          data-testid="member-remove"
        >
          {t('teams.remove')}
        </button>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby={`members-${team.id}`} data-testid="team-members">
      <div className="card-header">
        <h2 id={`members-${team.id}`}>{t('teams.members')}</h2>
      </div>
      <form className="tn-member-form" onSubmit={add} noValidate>
        <TextField
          label={t('teams.member')}
          hint={t('teams.memberHint')}
          value={member}
          onChange={(event) => setMember(event.target.value)}
          error={errors.fields.member ?? errors.form?.message}
          disabled={locked}
          title={guard.title}
          data-testid="member-name"
        />
        <SelectField
          label={t('teams.role')}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          options={roles}
          error={errors.fields.role}
          disabled={locked}
          data-testid="member-role"
        />
        <button
          type="submit"
          className="button"
          disabled={locked || busy}
          title={guard.title}
          data-testid="member-add"
        >
          {t('teams.addMember')}
        </button>
      </form>
      <DataTable
        caption={t('teams.members')}
        columns={columns}
        rows={team.members}
        rowKey={(row) => row.member}
        skeletonRows={2}
        empty={<EmptyState title={t('teams.noMembers')} />}
      />
    </section>
  );
}
